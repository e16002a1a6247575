# profile/spread.awk - several profile runs of the same cells side by side:
# how far boots move (2-vCPU cells do not replay exactly, see README.md).
#
# usage: awk [-v metrics="insns atomics xfers ..."] -f spread.awk \
#            results/<run1>/metrics.tsv results/<run2>/metrics.tsv ...
# stdout (TSV): cell scheme metric n mean min max d_mean d_min d_max
# per I/O; d_*: the scheme minus the reference (-v base, default two-refs) of the same run (each run's
# boots ran together), over the runs.  Default metrics: insns atomics
# xfers xfer_atomics aio_insns aio_atomics aio_xfers.
BEGIN {
	FS = OFS = "\t"
	if (base == "")
		base = "two-refs"
	if (metrics == "")
		metrics = "insns atomics xfers xfer_atomics aio_insns aio_atomics aio_xfers"
	nm = split(metrics, mk, " ")
	for (i = 1; i <= nm; i++) want[mk[i]] = 1
}
FNR == 1 { run++ }
$3 in want {
	v[run, $2, $1, $3] = $4
	if (!(($2, $1) in seen)) { seen[$2, $1] = 1; key[++nk] = $2 SUBSEP $1 }
}
function upd(a, x, n) {
	if (n == 1 || x < a["min"]) a["min"] = x
	if (n == 1 || x > a["max"]) a["max"] = x
	a["sum"] += x
}
END {
	print "cell", "scheme", "metric", "n", "mean", "min", "max", "d_mean", "d_min", "d_max"
	for (k = 1; k <= nk; k++) {
		split(key[k], cs, SUBSEP)
		for (i = 1; i <= nm; i++) {
			m = mk[i]
			split("", a); split("", d)
			n = nd = 0
			for (r = 1; r <= run; r++) {
				if (!((r, cs[1], cs[2], m) in v)) continue
				upd(a, v[r, cs[1], cs[2], m], ++n)
				if ((r, cs[1], base, m) in v)
					upd(d, v[r, cs[1], cs[2], m] - v[r, cs[1], base, m], ++nd)
			}
			if (!n) continue
			printf "%s\t%s\t%s\t%d\t%.4f\t%.4f\t%.4f", cs[1], cs[2], m, n, a["sum"] / n,
				a["min"], a["max"]
			if (nd && cs[2] != base)
				printf "\t%+.4f\t%+.4f\t%+.4f\n", d["sum"] / nd, d["min"], d["max"]
			else
				printf "\t\t\t\n"
		}
	}
}
