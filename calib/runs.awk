# calib/runs.awk - several aiob-handoff runs into one table of the same
# format, across runs: a run's placement and memory layout move its
# deltas more than its own confidence interval says, so each run is one
# sample.
#
# usage: awk -f runs.awk run1.tsv run2.tsv ...
# Per pattern and placement: atomics, ns_per_obj and delta_ns are the
# means over the runs; the half-widths are 95 % Student t intervals over
# the runs (one run: its own); n = runs; dropped = the runs' dropped
# rounds summed.
BEGIN { FS = OFS = "\t" }
FNR == 1 { files++ }
/^#/ { if (files == 1) print; next }
NF >= 10 {
	k = $1 OFS $2 OFS $3
	if (!(k in n)) order[++nk] = k
	n[k]++
	at[k] += $4; ns[k] += $5; ns2[k] += $5 * $5; d[k] += $7; d2[k] += $7 * $7
	h1[k] = $6; hd1[k] = $8; drop[k] += $10
}
# the 0.975 quantile of Student's t with df degrees of freedom
function t975(df) {
	split("12.706 4.303 3.182 2.776 2.571 2.447 2.365 2.306 2.262 2.228 " \
	      "2.201 2.179 2.160 2.145 2.131 2.120 2.110 2.101 2.093 2.086 " \
	      "2.080 2.074 2.069 2.064 2.060 2.056 2.052 2.048 2.045 2.042", T, " ")
	return df <= 30 ? T[df] : 1.96 + 2.4 / df
}
function half(s, s2, m,    v) {
	if (m < 2)
		return -1
	v = (s2 - s * s / m) / (m - 1)
	return t975(m - 1) * sqrt(v > 0 ? v : 0) / sqrt(m)
}
END {
	for (i = 1; i <= nk; i++) {
		k = order[i]; m = n[k]
		hn = half(ns[k], ns2[k], m); hd = half(d[k], d2[k], m)
		printf "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%d\n", k, at[k] / m, ns[k] / m,
			hn < 0 ? h1[k] : hn, d[k] / m, hd < 0 ? hd1[k] : hd, m, drop[k]
	}
}
