#!/bin/sh
# profile/aio-funcs.sh finds exactly the functions of fs/aio.o: for each
# image a shared build tree (bench, debug) was last built for (the same
# System.map), the addresses it derives from the image alone equal those
# of every function symbol in that tree's fs/aio.o.  Skips when no tree
# matches an image.  No boot.
. "$(dirname "$0")/lib.sh"
[ -d "$TOP/kernels/build" ] || skip "no kernels/build (make kernels)"
# Hold the build lock so no build changes a tree under us.
exec 9>"$TOP/kernels/build/.lock"
flock -w 900 9 || fail "kernels/build is locked for 15 minutes"
for cfg in bench debug; do
	b=$TOP/kernels/build/$cfg
	[ -r "$b/fs/aio.o" ] && [ -r "$b/System.map" ] || continue
	cp "$b/System.map" "$T/$cfg.map"
	objdump -t "$b/fs/aio.o" | awk '$3 == "F" { print $NF }' | sort -u >"$T/$cfg.names"
done
exec 9>&-
checked=
for cfg in bench debug; do
	[ -r "$T/$cfg.map" ] || continue
	img=
	for d in "$TOP"/kernels/images/*-$cfg; do
		cmp -s "$d/System.map" "$T/$cfg.map" && img=$d && break
	done
	[ -n "$img" ] || continue
	n=$(wc -l <"$T/$cfg.names")
	[ "$n" -gt 20 ] || fail "only $n functions in $cfg fs/aio.o"
	# Compare names System.map has once (aio.o also holds names every
	# object has, e.g. KASAN's _sub_I_* constructors): aio.o's, and those
	# aio-funcs.sh finds.
	awk '$2 ~ /^[tTwW]$/ { n[$3]++ } END { for (k in n) if (n[k] == 1) print k }' \
		"$T/$cfg.map" | sort >"$T/unique"
	comm -12 "$T/$cfg.names" "$T/unique" >"$T/want"
	"$TOP/profile/aio-funcs.sh" "$img" >"$T/got.tsv" || fail "aio-funcs.sh $img failed"
	cut -f2 "$T/got.tsv" | sort -u | comm -12 - "$T/unique" >"$T/got"
	d=$(diff "$T/want" "$T/got" | head -n 20) ||
		fail "$(basename "$img"): aio-funcs.sh vs aio.o (< only aio.o, > only aio-funcs): $d"
	echo "$(basename "$img"): $(wc -l <"$T/got") functions, the same as its fs/aio.o's"
	checked=1
done
[ -n "$checked" ] || skip "no build tree matches a kernels/images/* image"
