# profile/lines.awk - where the transferred cache lines are: a boot's
# lines.tsv (the plugin's hottest lines, lines=FILE) per I/O.
#
# usage: awk -v ops=N -f lines.awk lines.tsv
# stdout (TSV): "class" rows first, then the lines:
#   class <ring|user|kernel> xfers reads writes atomics nlines
#   line  <paddr> <class> xfers reads writes atomics kvaddr uvaddr funcs
# per I/O; class ring: the aio ring pages (the benchmark tags them,
# aiob_tag_aio_ring()); user: other user memory; kernel: the rest (slab
# objects like the kiocb and the kioctx, stacks, per-CPU data), named by
# the functions that moved them (funcs: name:count per I/O, most first).
# Only the plugin's top 200 lines are listed; "# lines" gives how many
# moved, and the class sums are over the listed ones.
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
	f = ""
	for (i = 1; i <= nf; i++) {
		k = fn[i]; sub(/:[0-9]+$/, "", k)
		v = substr(fn[i], length(k) + 2)
		f = f (i > 1 ? "," : "") k ":" sprintf("%.3f", v / ops)
	}
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
	for (j = 1; j <= nr; j++)
		print row[j]
}
