#!/bin/sh
# profile/umap.sh - the user-space symbol map of a static guest binary
# for the plugin's umap= argument: `nm -n -S` function symbols that lie
# in an executable section (nm calls a weak data symbol such as
# data_start "W" too), each with a size (the next symbol or the section
# end when nm gives none).
#
# usage: profile/umap.sh <binary> >map
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

[ $# -eq 1 ] && [ -r "$1" ] || die "usage: $0 <static binary>"
# Executable sections as "start size" (hex), from readelf.
secs=$(readelf -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] *//p' |
	awk '$7 ~ /X/ { print $3, $5 }')
[ -n "$secs" ] || die "$1: no executable sections"
nm -n -S --defined-only "$1" | awk -v secs="$secs" '
# User-space addresses fit the 53 bits awk numbers hold exactly.
function hex(s,    i, v) {
	v = 0; s = tolower(s)
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
BEGIN {
	n = split(secs, f, /[ \n]/)
	for (i = 1; i + 1 <= n; i += 2) {
		lo[++ns] = hex(f[i]); hi[ns] = lo[ns] + hex(f[i + 1])
	}
}
$(NF - 1) ~ /^[tTwW]$/ {
	a = hex($1)
	for (i = 1; i <= ns; i++)
		if (a >= lo[i] && a < hi[i]) {
			n++; ad[n] = a; sec[n] = i; name[n] = $NF; type[n] = $(NF - 1)
			sz[n] = NF == 4 ? hex($2) : -1
			next
		}
}
# A symbol without a size ends at the next one in its section, or at the
# section end: the last one must not swallow the vDSO.
END {
	for (j = 1; j <= n; j++) {
		if (sz[j] < 0)
			sz[j] = (j < n && sec[j + 1] == sec[j] ? ad[j + 1] : hi[sec[j]]) - ad[j]
		printf "%016x %016x %s %s\n", ad[j], sz[j], type[j], name[j]
	}
}'
