#!/bin/sh
# profile/aio-funcs.sh finds exactly the functions of fs/aio.o: for the
# image the shared build tree was last built for (same System.map), the
# addresses it derives from the image alone equal those of every function
# symbol in kernels/build/bench/fs/aio.o.  Skips when the build tree
# matches no image.  No boot.
. "$(dirname "$0")/lib.sh"
b=$TOP/kernels/build/bench
[ -r "$b/fs/aio.o" ] && [ -r "$b/System.map" ] || skip "no kernels/build/bench (make kernels)"
# Hold the build lock so no build changes the tree under us.
exec 9>"$TOP/kernels/build/.lock"
flock -w 900 9 || fail "kernels/build is locked for 15 minutes"
cp "$b/System.map" "$T/System.map"
objdump -t "$b/fs/aio.o" | awk '$3 == "F" { print $NF }' | sort -u >"$T/aio.o.names"
exec 9>&-
img=
for d in "$TOP"/kernels/images/*-bench; do
	cmp -s "$d/System.map" "$T/System.map" && img=$d && break
done
[ -n "$img" ] || skip "the build tree matches no kernels/images/*-bench"
n=$(wc -l <"$T/aio.o.names")
[ "$n" -gt 20 ] || fail "only $n functions in aio.o"
# aio.o's functions, as System.map addresses
awk 'NR == FNR { want[$1] = 1; next } $2 ~ /^[tTwW]$/ && ($3 in want) { print $1 }' \
	"$T/aio.o.names" "$T/System.map" | sort -u >"$T/want"
"$TOP/profile/aio-funcs.sh" "$img" >"$T/got.tsv" || fail "aio-funcs.sh failed"
cut -f1 "$T/got.tsv" | sort -u >"$T/got"
d=$(diff "$T/want" "$T/got") || fail "$(basename "$img"): aio-funcs.sh vs aio.o (< only aio.o, > only aio-funcs): $d"
echo "$(basename "$img"): $(wc -l <"$T/got") functions, the same as fs/aio.o's"
