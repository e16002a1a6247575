# calib/validate.awk - the handoff benchmark against the model.
#
# usage: awk -v costs=COSTS.tsv [-v fmt=text|md] [-v tol=25]
#            -f model.awk -f validate.awk handoff.tsv | aiob-table [-m]
# Prints aiob-table's records (report/aiob-table.c lays them out); fmt
# picks the column heads: text's short ones, Markdown's long ones.
# handoff.tsv: aiob-handoff's output.  Each pattern's delta against plain
# at the same placement is predicted from its counts: datom = the atomics
# counted per object, dinsn = datom (the RMW instruction itself; other
# instructions are not counted), dxfer = 0: every pattern moves the same
# lines (ref-cold across CPUs moves the object's line with its atomic
# instead of a store: xa = 1, priced as any transfer).  "meas/a": the
# measured delta per atomic, to set against the calibrated insn + atomic.
# err% ends in "*" when the prediction lies inside the measured 95 % CI.
BEGIN {
	FS = OFS = "\t"
	if (fmt == "") fmt = "text"
	if (tol == "") tol = 25
	print "table", 10, 0
	if (fmt == "text")
		print "head", "<pattern", "<place", "atom", "xa", "pred", "+-", "meas", "+-",
			"err%", "meas/a"
	else
		print "head", "<pattern", "<placement", "atomics", "Δxfer_atomics",
			"predicted Δns", "±", "measured Δns", "±", "error %",
			"measured Δns per atomic"
}
/^#/ || NF < 10 { next }
$1 == "probe" { probe[$3] = $5; next }
$1 == "plain" { next }
{
	lv = $2 == "same" ? "" : $3
	delete C; delete H
	if ($2 != "same" && load_costs(costs, lv) == "") {
		nolevel[lv] = 1
		next
	}
	if ($2 == "same") {
		load_costs(costs, "")
		C["xfer"] = C["xfer_atomic"] = H["xfer"] = H["xfer_atomic"] = 0
	}
	if ($2 != "same" && !(lv in xf)) { xf[lv] = C["xfer"] }
	dxa = ($1 == "ref-cold" && $2 == "cross") ? 1 : 0
	p = predict($4, $4, 0)
	err = "n/a"
	if (p > 0.05 || p < -0.05) {
		e = ($7 - p) / p * 100
		err = sprintf("%+.0f", e)
		if (e > tol || e < -tol) off++; else ok++
	} else
		none++
	rows++
	if (p >= $7 - $8 && p <= $7 + $8) {
		err = err "*"	# inside the measurement's 95 % CI
		inci++
	}
	per = $4 > 0.05 ? sprintf("%.2f", $7 / $4) : "-"
	place = $2 == "same" ? "same" : lv
	printf "row\t%s\t%s\t%.2f\t%d\t%+.2f\t%.2f\t%+.2f\t%.2f\t%s\t%s\n", $1,
		place, $4, dxa, p, U, $7, $8, err, per
}
END {
	pre = "para\t"
	for (l in nolevel)
		print pre "level " l ": not in the machine profile (make calibrate here)"
	for (l in probe)
		if (l in xf && xf[l] > 0 && (probe[l] / (2 * xf[l]) > 1 + tol / 100 || \
					     probe[l] / (2 * xf[l]) < 1 - tol / 100))
			warn = 1
	for (l in probe)
		if (l in xf)
			printf "%stransfer term, %s: bare mailbox round trip %.1f ns," \
				" predicted 2 x xfer = %.1f ns (%s %%)\n", pre, l, probe[l], 2 * xf[l],
				(xf[l] > 0 ? sprintf("%+.0f", (probe[l] - 2 * xf[l]) / (2 * xf[l]) * 100) : "n/a")
	if (warn)
		print pre "the transfer term is off by more than " tol " %: did the host move" \
			" the vCPUs since make calibrate? (make calibrate handoff)"
	printf "%swithin +-%d %%: %d, outside: %d, predicted 0 ns: %d; inside the" \
		" measured CI (*): %d of %d\n", pre, tol, ok, off, none, inci, rows
	printf "%scalibrated insn + atomic = %.2f ns\n", pre, C["insn"] + C["atomic"]
}
