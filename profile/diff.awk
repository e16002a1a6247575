# profile/diff.awk - one scheme's per-I/O profile against the reference's.
#
# usage: awk -f diff.awk ref.tsv scheme.tsv   (perio.awk output)
# stdout: |d_insns| |d_atomics| func ref_insns insns d_insns d_atomics
# d_loads d_stores d_entries aio  -- the first two columns to sort on.
# Functions are matched by name with compiler clone suffixes removed
# (io_submit_one.constprop.0 = io_submit_one; .part/.cold pieces join
# their function), so a clone that changes name between kernels still
# lines up.
BEGIN { FS = OFS = "\t" }
{
	key = $1; sub(/\..*/, "", key)
	side = FILENAME == ARGV[1] ? 0 : 1
	if (!(key in seen)) { seen[key] = 1; keys[++n] = key }
	for (i = 3; i <= 7; i++) v[side, key, i] += $i
	if ($8) aio[key] = 1
}
function abs(x) { return x < 0 ? -x : x }
END {
	for (j = 1; j <= n; j++) {
		k = keys[j]
		for (i = 3; i <= 7; i++) d[i] = v[1, k, i] - v[0, k, i]
		if (abs(d[3]) < 5e-5 && abs(d[4]) < 5e-5 && abs(d[5]) < 5e-5 &&
		    abs(d[6]) < 5e-5 && abs(d[7]) < 5e-5)
			continue
		printf "%.4f\t%.4f\t%s\t%.4f\t%.4f\t%+.4f\t%+.4f\t%+.4f\t%+.4f\t%+.4f\t%d\n",
			abs(d[3]), abs(d[4]), k, v[0, k, 3], v[1, k, 3], d[3], d[4],
			d[5], d[6], d[7], aio[k] ? 1 : 0
	}
}
