#!/bin/sh
# The cache-line transfer counter (profile/plugin/xfer.h) on a known
# pattern: bench/xfer-bounce.c's two threads, bound to vCPUs 0 and 1 of a
# 2-vCPU icount boot, take turns incrementing one counter with lock
# cmpxchg, N increments inside the window; each moves the line from the
# other vCPU.  u:xfer_bounce must count N transfers (+-1 %), all of them
# atomic and by write (read for ownership), and the line must be the
# hottest of lines.tsv, class user.  One boot.
. "$(dirname "$0")/lib.sh"
img=$TOP/kernels/images/two-refs-bench
so=$TOP/build/profile/aiob-prof.so
[ -r "$img/bzImage" ] || fail "no $img (make kernels)"
[ -r "$so" ] || fail "no $so (make tools)"
[ -x "$TOP/build/guest/xfer-bounce" ] || fail "no build/guest/xfer-bounce (make tools)"
n=${XFER_SELFTEST_N:-5000}
mkdir -p "$T/job"
printf '#!/bin/sh\nexec xfer-bounce -n %d -c pu:0 -C pu:1\n' "$n" >"$T/job/run"
chmod +x "$T/job/run"
"$TOP/profile/umap.sh" "$TOP/build/guest/xfer-bounce" >"$T/umap"
AIOB_PLUGIN="$so,out=@OUT@/profile.tsv,lines=@OUT@/lines.tsv,map=@IMG@/System.map,umap=$T/umap" \
QEMU_NVME=0 "$TOP/bench/run-cell.sh" -m icount -p 2 -k two-refs -j "$T/job" -o "$T/out" -t 300 ||
	fail "boot failed: $(tail -n 5 "$T/out/result.txt" "$T/out/qemu.log" 2>&1)"
P=$T/out/profile.tsv
[ -r "$P" ] || fail "no profile.tsv"
grep -q '^status 0' "$T/out/result.txt" || fail "xfer-bounce failed: $(cat "$T/out/result.txt")"
# col <function> <column>: 11 xfer_reads 12 xfer_writes 13 xfer_atomics
col() { awk -F'\t' -v f="$1" -v c="$2" '$1 == f { print $c + 0 }' "$P"; }
expect_eq "windows (begin end bad)" "$(awk -F'\t' '$1 == "# windows" { print $2, $3, $4 }' "$P")" "1 1 0"
r=$(col u:xfer_bounce 11) w=$(col u:xfer_bounce 12) a=$(col u:xfer_bounce 13)
x=$((r + w))
echo "xfer-bounce: $n bounces, u:xfer_bounce $x transfers ($r reads, $w writes, $a atomic)"
[ $((x * 100)) -ge $((n * 99)) ] && [ $((x * 100)) -le $((n * 101)) ] ||
	fail "u:xfer_bounce: $x transfers for $n bounces (want +-1 %)"
expect_eq "atomic transfers" "$a" "$x"
expect_eq "transfers by read" "$r" 0
L=$T/out/lines.tsv
[ -r "$L" ] || fail "no lines.tsv"
hot=$(grep -v '^#' "$L" | head -n 1)
expect_match "hottest line" "$hot" "	user	$x	0	$x	$x	0	[0-9a-f]+	u:xfer_bounce:$x\$"
# One vCPU moves no line.
[ "$(awk -F'\t' '$1 == "# total" { print $11 + $12 }' "$P")" -gt 0 ] ||
	fail "no transfers in the window's total"
