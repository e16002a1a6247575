# calib/measured.awk - predicted against measured delta ns per I/O, for the
# wall-mode cells of a bench run named like the profile cells (the KVM
# matrix, bench/matrix-kvm.conf).
#
# usage: awk -v base=two-refs [-v fmt=text|md] -f measured.awk \
#            aio.dat all.dat cmp.tsv | aiob-table [-m]
# Prints aiob-table's records (report/aiob-table.c lays them out); fmt
# picks the column heads (and Markdown's window column shows its +-).
# aio.dat, all.dat: predict.awk -v fmt=dat (scope=aio, then the whole
# window): "cell:scheme<TAB>dns<TAB>u".  cmp.tsv: `aiob-cmp tsv -b base`
# of the bench run (its header names the columns).  Rows: the cells and
# schemes both sides have; measured = the wall cell's mean ns_per_op
# difference, with its confidence interval (aiob-cmp's pct_lo..pct_hi of
# the base mean).
BEGIN { FS = OFS = "\t"; if (base == "") base = "two-refs"; if (fmt == "") fmt = "text" }
FILENAME == ARGV[1] { pa[$1] = $2; next }
FILENAME == ARGV[2] { pw[$1] = $2; uw[$1] = $3; next }
/^#/ { for (i = 1; i <= NF; i++) col[substr($i, i == 1 ? 2 : 1)] = i; next }
$col["mode"] == "wall" && $col["metric"] == "ns_per_op" {
	k = $col["job"] ":" $col["scheme"]
	if ($col["scheme"] == base) { bm[$col["job"]] = $col["mean"]; next }
	if (!(k in pw)) next
	keys[++n] = k
	d[k] = $col["delta"]; lo[k] = $col["pct_lo"]; hi[k] = $col["pct_hi"]; nr[k] = $col["n"]
}
END {
	if (fmt == "md") {
		print "table", 7, 0
		print "head", "<cell", "<scheme", "predicted Δns (fs/aio.c)", "predicted Δns (window)",
			"measured Δns", "<95 % CI", "reps"
	} else {
		print "table", 6, 0
		print "head", "<cell", "<scheme", "pred aio", "pred all", "measured", "<CI"
	}
	for (i = 1; i <= n; i++) {
		k = keys[i]
		split(k, cs, ":")
		m = bm[cs[1]]
		ci = sprintf("%+.1f..%+.1f", lo[k] * m / 100, hi[k] * m / 100)
		if (fmt == "md")
			printf "row\t%s\t%s\t%+.2f\t%+.2f ± %.2f\t%+.2f\t%s\t%d\n", cs[1], cs[2],
				pa[k], pw[k], uw[k], d[k], ci, nr[k]
		else
			printf "row\t%s\t%s\t%+.2f\t%+.2f\t%+.2f\t%s\n", cs[1], cs[2],
				pa[k], pw[k], d[k], ci
	}
	if (!n)
		print "para", "no wall-mode cell of this run is named like a profile cell"
	exit 0
}
