# profile/diff.awk - one scheme's per-I/O profile against the reference's.
#
# usage: awk -f diff.awk ref.tsv scheme.tsv   (perio.awk output)
# stdout: |d_insns| |d_atomics| |d_xfers| func ref_insns insns d_insns
# d_atomics d_loads d_stores d_entries aio d_xfers d_xfer_atomics  -- the
# first three columns to sort on.  Functions are matched by name with
# compiler clone suffixes removed (io_submit_one.constprop.0 =
# io_submit_one; .part/.cold pieces join their function), so a clone that
# changes name between kernels still lines up.
BEGIN { FS = OFS = "\t"; split("3 4 5 6 7 9 10", col, " ") }
{
	key = $1; sub(/\..*/, "", key)
	side = FILENAME == ARGV[1] ? 0 : 1
	if (!(key in seen)) { seen[key] = 1; keys[++n] = key }
	for (c = 1; c <= 7; c++) v[side, key, col[c]] += $col[c]
	if ($8) aio[key] = 1
}
function abs(x) { return x < 0 ? -x : x }
END {
	for (j = 1; j <= n; j++) {
		k = keys[j]
		moved = 0
		for (c = 1; c <= 7; c++) {
			i = col[c]
			d[i] = v[1, k, i] - v[0, k, i]
			if (abs(d[i]) >= 5e-5) moved = 1
		}
		if (!moved)
			continue
		printf "%.4f\t%.4f\t%.4f\t%s\t%.4f\t%.4f\t%+.4f\t%+.4f\t%+.4f\t%+.4f\t%+.4f\t%d\t%+.4f\t%+.4f\n",
			abs(d[3]), abs(d[4]), abs(d[9]), k, v[0, k, 3], v[1, k, 3], d[3], d[4],
			d[5], d[6], d[7], aio[k] ? 1 : 0, d[9], d[10]
	}
}
