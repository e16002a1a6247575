#!/bin/sh
# tier: quick
# One definition of a kernel problem: bench/guest/problem-patterns.  The
# awk reader (host mode, the console scans, run.sh; under mawk/gawk and
# under busybox awk as the guest /init runs it) and ck-run's C regex
# classify the same sample log alike, with the expected lines; the guest
# image carries the file unchanged; and no other copy of the list is left
# in the tree.
. "$(dirname "$0")/lib.sh"
P=$TOP/bench/guest/problem-patterns A=$TOP/bench/guest/problems.awk
cat >"$T/log" <<'L'
[    0.000000] Linux version 6.1.192-two-refs
[    0.120000] RCU lockdep checking is enabled in this kernel.
[    1.000000] BUG: KASAN: use-after-free in aio_complete_rw+0x1a/0x200
[    1.000100] Call Trace:
[    1.200000] list_del corruption, ffff888003c4e028->next is LIST_POISON1
[    1.300000] kernel BUG at fs/aio.c:2013!
[    1.400000] INFO: task ck-destroy:91 blocked for more than 10 seconds.
[    1.500000] WARNING: possible circular locking dependency detected
[    1.600000] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks: rcu_sched stall
[    1.700000] refcount_t: underflow; use-after-free.
[    1.800000] null_blk: module loaded
[    1.900000] Kernel panic - not syncing: Fatal exception
[    2.000000] aiob-check: end ck-sync pass 3.0s
[    2.100000] BUG: KCSAN: data-race in aio_poll_wake / io_cancel
[    2.200000] BUG: KCSAN: data-race in _find_next_zero_bit / sbitmap_queue_clear_batch
L
want=$(sed -n '3,10p;12p;14p' "$T/log")
expect_eq "awk" "$(awk -f "$A" "$P" "$T/log")" "$want"
expect_eq "awk fatal=1" "$(awk -v fatal=1 -f "$A" "$P" "$T/log")" "$(sed -n '3p;6p;12p' "$T/log")"
expect_eq "awk max=2" "$(awk -v max=2 -f "$A" "$P" "$T/log")" "$(sed -n 3,4p "$T/log")"
bb=$(command -v busybox) || fail "no busybox (make deps)"
expect_eq "busybox awk (the guest)" "$("$bb" awk -v max=200 -f "$A" "$P" - <"$T/log")" "$want"
[ -x "$TOP/build/guest/ck-run" ] || fail "no build/guest/ck-run (make tools)"
expect_eq "ck-run" "$(CK_PROBLEM_PATTERNS=$P "$TOP/build/guest/ck-run" -P <"$T/log")" "$want"
# the guest image has the file, and /init reads it
img=$TOP/build/initramfs.cpio
[ -r "$img" ] || fail "no $img (make initramfs)"
(cd "$T" && mkdir x && cd x && cpio -id --quiet 'etc/aiob/*' <"$img") ||
	fail "cannot unpack the initramfs"
cmp -s "$T/x/etc/aiob/problem-patterns" "$P" || fail "the initramfs's patterns differ from $P (make initramfs)"
grep -q '^\. /etc/aiob/frame.sh' "$TOP/bench/guest/init" || fail "/init does not use the frame writer"
grep -q '^	aiob_problems 200 ' "$TOP/bench/guest/frame.sh" &&
	grep -q '"$AIOB_ETC/problem-patterns" "$2"' "$TOP/bench/guest/frame.sh" ||
	fail "the frame writer does not read the patterns"
cmp -s "$T/x/etc/aiob/problems.awk" "$A" || fail "the initramfs's problems.awk differs (make initramfs)"
# no second list: a distinctive pattern appears in no other tracked file
others=$(cd "$TOP" && git grep -l -F 'list_(add|del) corruption' -- . ':!bench/guest/problem-patterns' ':!tests/' || true)
[ -z "$others" ] || fail "another copy of the problem list: $others"
