#!/bin/sh
# The cache-line transfer counter (profile/plugin/xfer.h) on a known
# pattern: bench/xfer-bounce.c's two threads, bound to vCPUs 0 and 1 of a
# 2-vCPU icount boot, take turns incrementing one counter with lock
# cmpxchg, N increments inside the window; each moves the line from the
# other vCPU.  u:xfer_bounce must count N transfers (+-1 %), all of them
# atomic and by write (read for ownership), and the line must be the
# hottest of lines.tsv, class user.  One boot.
. "$(dirname "$0")/lib.sh"
n=${XFER_SELFTEST_N:-5000}
prof_boot 2 xfer-bounce -n "$n" -c pu:0 -C pu:1
r=$(col u:xfer_bounce 11) w=$(col u:xfer_bounce 12) a=$(col u:xfer_bounce 13)
r=${r:-0} w=${w:-0} a=${a:-0}
x=$((r + w))
echo "xfer-bounce: $n bounces, u:xfer_bounce $x transfers ($r reads, $w writes, $a atomic)"
[ $((x * 100)) -ge $((n * 99)) ] && [ $((x * 100)) -le $((n * 101)) ] ||
	fail "u:xfer_bounce: $x transfers for $n bounces (want +-1 %)"
expect_eq "atomic transfers" "$a" "$x"
expect_eq "transfers by read" "$r" 0
[ -r "$L" ] || fail "no lines.tsv"
hot=$(grep -v '^#' "$L" | head -n 1)
expect_match "hottest line" "$hot" "	user	$x	0	$x	$x	0	[0-9a-f]+	u:xfer_bounce:$x\$"
[ "$(awk -F'\t' '$1 == "# total" { print $11 + $12 }' "$P")" -gt 0 ] ||
	fail "no transfers in the window's total"
