# profile/lines.awk - where the transferred cache lines are: a boot's
# lines.tsv (the plugin's hottest lines, lines=FILE) per I/O.
#
# usage: awk -v ops=N -f lines.awk lines.tsv
# stdout (TSV): "class" rows first, then "group" rows (by xfers), then the
# lines:
#   class <ring|user|kernel> xfers reads writes atomics nlines
#   group <class> xfers reads writes atomics nlines <functions>
#   line  <paddr> <class> xfers reads writes atomics kvaddr uvaddr funcs
# per I/O; class ring: the aio ring pages (the benchmark tags them,
# aiob_tag_aio_ring()); user: other user memory; kernel: the rest (slab
# objects like the kiocb and the kioctx, stacks, per-CPU data), named by
# the functions that moved them (funcs: name:count per I/O, most first).
# A group is the lines of one class moved by the same functions (each
# with at least 10 % of the line's moves, names sorted, "+"-joined): one
# kind of data, e.g. the kiocbs of a slab page all look alike.  The plugin
# lists its top 4096 lines ("# lines": how many moved); sums are over the
# listed ones.
BEGIN {
	FS = OFS = "\t"
	if (ops <= 0) { print "lines.awk: ops must be > 0" > "/dev/stderr"; exit 1 }
}
$1 == "# lines" { total = $2; next }
/^#/ { next }
NF < 9 { print "lines.awk: " FILENAME ":" FNR ": bad line" > "/dev/stderr"; bad = 1; exit 1 }
{
	c = $2
	if (!(c in n)) cls[++nc] = c
	n[c]++
	for (i = 3; i <= 6; i++) s[c, i] += $i
	nf = split($9, fn, ",")
	f = ""; ng = 0
	for (i = 1; i <= nf; i++) {
		k = fn[i]; sub(/:[0-9]+$/, "", k)
		v = substr(fn[i], length(k) + 2)
		f = f (i > 1 ? "," : "") k ":" sprintf("%.3f", v / ops)
		if (k != "other" && v * 10 >= $3) gf[++ng] = k
	}
	# the group: the line's main functions, sorted (insertion sort)
	for (i = 2; i <= ng; i++)
		for (j = i; j > 1 && gf[j] < gf[j - 1]; j--) { t = gf[j]; gf[j] = gf[j - 1]; gf[j - 1] = t }
	g = c "\t"
	for (i = 1; i <= ng; i++) g = g (i > 1 ? "+" : "") gf[i]
	if (!(g in gn)) grp[++ngrp] = g
	gn[g]++
	for (i = 3; i <= 6; i++) gs[g, i] += $i
	row[++nr] = sprintf("line\t%s\t%s\t%.4f\t%.4f\t%.4f\t%.4f\t%s\t%s\t%s", $1, c,
		$3 / ops, $4 / ops, $5 / ops, $6 / ops, $7, $8, f)
}
END {
	if (bad) exit 1
	for (j = 1; j <= nc; j++) {
		c = cls[j]
		printf "class\t%s\t%.4f\t%.4f\t%.4f\t%.4f\t%d\n", c, s[c, 3] / ops, s[c, 4] / ops,
			s[c, 5] / ops, s[c, 6] / ops, n[c]
	}
	# groups by xfers, descending (insertion sort)
	for (i = 2; i <= ngrp; i++)
		for (j = i; j > 1 && gs[grp[j], 3] > gs[grp[j - 1], 3]; j--) {
			t = grp[j]; grp[j] = grp[j - 1]; grp[j - 1] = t
		}
	for (j = 1; j <= ngrp; j++) {
		g = grp[j]; split(g, gk, "\t")
		printf "group\t%s\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%s\n", gk[1], gs[g, 3] / ops,
			gs[g, 4] / ops, gs[g, 5] / ops, gs[g, 6] / ops, gn[g], gk[2]
	}
	for (j = 1; j <= nr; j++)
		print row[j]
}
