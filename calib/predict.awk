# calib/predict.awk - predicted delta ns per I/O of each scheme against
# base, per cell, from a profile run's metrics.tsv and a machine profile.
#
# usage: awk -v costs=COSTS.tsv [-v level=L] [-v base=two-refs]
#            [-v fmt=text|md|dat] [-v scope=aio] -f model.awk -f predict.awk metrics.tsv
# fmt=text, md: aiob-table's records (report/aiob-table.c lays them out:
# aiob-table, aiob-table -m); fmt picks the column heads.
# scope=aio: the counts of fs/aio.c's functions only (aio_insns,
# aio_atomics, aio_xfers): exact from one boot even on 2-vCPU cells, whose
# whole-window counts vary by a few per cent between boots.
# metrics.tsv: scheme cell metric value (per I/O): insns, atomics and,
# when the profile counts them, xfers and xfer_atomics (else 0, said).
# fmt=dat: "cell:scheme<TAB>dns<TAB>u" for gnuplot.
BEGIN {
	FS = OFS = "\t"
	if (base == "") base = "two-refs"
	if (fmt == "") fmt = "text"
	lv = load_costs(costs, level)
	if (level != "" && lv == "") {
		print "predict.awk: no level " level " in " costs > "/dev/stderr"
		bad = 1
		exit 2
	}
}
{
	m[$1, $2, $3] = $4
	if (!($2 in seen)) { seen[$2] = 1; cells[++nc] = $2 }
	if (!($1 in seens)) { seens[$1] = 1; schemes[++ns] = $1 }
	if ($3 == "xfers" || $3 == "xfer_atomics") hasx[$3] = 1
	if ($3 == "aio_xfers") hasx["xfers"] = hasx["xfer_atomics"] = haxa = 1
}
function val(s, c, k) { k = (scope == "aio" ? "aio_" : "") k; return ((s, c, k) in m) ? m[s, c, k] : 0 }
END {
	if (bad)
		exit 2
	if (fmt != "dat")
		print "table", 8, 0
	if (fmt == "text")
		print "head", "<cell", "<scheme", "d insn", "d atom", "d xfer", "d x-at", "d ns", "+-"
	else if (fmt == "md")
		print "head", "<cell", "<scheme", "Δinsn", "Δatomics", "Δxfers", "Δxfer_atomics",
			"predicted Δns", "±"
	for (i = 1; i <= nc; i++) {
		c = cells[i]
		if (!((base, c, "insns") in m))
			continue
		for (j = 1; j <= ns; j++) {
			s = schemes[j]
			if (s == base || !((s, c, "insns") in m))
				continue
			di = val(s, c, "insns") - val(base, c, "insns")
			da = val(s, c, "atomics") - val(base, c, "atomics")
			dx = val(s, c, "xfers") - val(base, c, "xfers")
			dxa = val(s, c, "xfer_atomics") - val(base, c, "xfer_atomics")
			p = predict(di, da, dx)
			rows++
			if (fmt != "dat")
				printf "row\t%s\t%s\t%+.2f\t%+.2f\t%+.2f\t%+.2f\t%+.2f\t%.2f\n",
					c, s, di, da, dx, dxa, p, U
			else
				printf "%s:%s\t%.4f\t%.4f\n", c, s, p, U
		}
	}
	if (fmt == "dat")
		exit 0
	pre = "para\t"
	if (!rows)
		print pre "no scheme and " base " share a profiled cell"
	if (!hasx["xfers"] || !hasx["xfer_atomics"])
		print pre "the profile counts no line transfers (xfers, xfer_atomics):" \
			" taken as 0"
	if (scope == "aio") {
		printf "%sfs/aio.c's functions only, per I/O against %s\n", pre, base
		exit 0	# the legend follows the whole-window table
	}
	printf "%sper I/O against %s; transfers priced at level %s\n", pre, base,
		lv == "" ? "none (one PU: 0 ns)" : lv
	legend()
}
