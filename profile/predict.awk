# profile/predict.awk - predicted vs measured, per scheme and cell.
#
# usage: awk -v tol=0.25 -f predict.awk metrics.tsv \
#            scheme=S1 variants/S1/predicted.tsv scheme=S2 ...
# metrics.tsv: "scheme<TAB>cell<TAB>metric<TAB>value" of every profile.
# predicted.tsv: "cell<TAB>metric<TAB>value<TAB>note", '#' comments.  A
# metric is any of metrics.tsv (aio_atomics, spin_lock_calls, insns, ...)
# or <metric>_delta: the scheme's value minus two-refs' on the cell --
# always two-refs (stock 6.1), whatever BASE the run used: that is what
# every predicted.tsv states its deltas against.
# stdout: scheme cell metric predicted measured diff verdict note, where
# verdict is ok, FAIL (|diff| > tol), n/a (cell not profiled), FAIL-met
# (no such metric) or FAIL-syn (a bad line).
BEGIN { FS = OFS = "\t" }
FILENAME == ARGV[1] { m[$1, $2, $3] = $4; cells[$2] = 1; next }
/^[ \t]*(#|$)/ { next }
{
	cell = $1; met = $2; want = $3; note = $4
	if (NF < 3 || want !~ /^[-+]?[0-9]*\.?[0-9]+$/) {
		print scheme, cell, met, want, "-", "-", "FAIL-syn", FILENAME ":" FNR
		next
	}
	base = met; delta = sub(/_delta$/, "", base)
	if (!((scheme, cell, "insns") in m) || (delta && !(("two-refs", cell, "insns") in m)))
		v = "n/a"
	else if (!((scheme, cell, base) in m))
		v = "FAIL-met"
	if (v != "") {
		print scheme, cell, met, sprintf("%.2f", want), "-", "-", v, note
		v = ""
		next
	}
	got = m[scheme, cell, base]
	if (delta) got -= m["two-refs", cell, base]
	d = got - want
	print scheme, cell, met, sprintf("%.2f", want), sprintf("%.2f", got),
		sprintf("%+.2f", d), (d > tol || d < -tol) ? "FAIL" : "ok", note
}
