# profile/plotdata.awk - the chart's data: per function, each scheme's
# delta against the reference (instructions, then atomics, per I/O).
#
# usage: awk -v top=N -f plotdata.awk DIR/<cell>/diff/<s>.tsv...
# Functions: each scheme's top N by |d insns| (of those that move by
# 0.05 instructions or atomics per I/O at least), together, ordered by the
# largest |d insns| any scheme has.
BEGIN { FS = OFS = "\t" }
FNR == 1 { s = FILENAME; sub(/.*\//, "", s); sub(/\.tsv$/, "", s); sc[++ns] = s; next }
{
	di[ns, $1] = $4; da[ns, $1] = $5
	a = $4 < 0 ? -$4 : $4
	big = a >= 0.05 || $5 >= 0.05 || $5 <= -0.05
	if (big && ++nbig[ns] <= top && !($1 in pick)) { pick[$1] = 1; fn[++nf] = $1 }
	if (a > mx[$1]) mx[$1] = a
}
END {
	# insertion sort: |d insns| descending, then name
	for (i = 2; i <= nf; i++)
		for (j = i; j > 1 && (mx[fn[j]] > mx[fn[j - 1]] ||
		     (mx[fn[j]] == mx[fn[j - 1]] && fn[j] < fn[j - 1])); j--) {
			t = fn[j]; fn[j] = fn[j - 1]; fn[j - 1] = t
		}
	printf "function"
	for (k = 1; k <= ns; k++) printf "\t%s", sc[k]
	for (k = 1; k <= ns; k++) printf "\t%s", sc[k]
	printf "\n"
	for (i = 1; i <= nf; i++) {
		printf "%s", fn[i]
		for (k = 1; k <= ns; k++) printf "\t%s", (k, fn[i]) in di ? di[k, fn[i]] : 0
		for (k = 1; k <= ns; k++) printf "\t%s", (k, fn[i]) in da ? da[k, fn[i]] : 0
		printf "\n"
	}
}
