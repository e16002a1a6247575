#!/bin/sh
# tier: quick
# The P2 reproducer's host side, without a kernel or a guest: the guest
# program is built (static, in the initramfs's tool dir), run-p2.sh's dry
# run names the gadget kernel and the boot, and its judge (-j) classifies
# console logs: lockdep's recursive-locking report after the program
# called io_cancel() -> DEADLOCK (exit 0) with the report quoted from its
# ==== rule to </TASK>; an RCU stall after it, io_cancel() never
# returning -> DEADLOCK; io_cancel() returning -> NO-DEADLOCK (3); a
# program that never got that far, or a stall only before it (a loaded
# host stalls a whole boot) -> INCONCLUSIVE (4).  The logs are trimmed from a real two-refs-gadget
# boot (check/P1-P2.md).
. "$(dirname "$0")/lib.sh"
P2=$TOP/check/repro/run-p2.sh
BIN=$TOP/build/guest/p2-gadget
[ -x "$BIN" ] || fail "no $BIN (make tools)"
file "$BIN" | grep -q 'statically linked' || fail "$BIN is not static: $(file "$BIN")"

out=$("$P2" -n -k two-refs -o "$T/o") || fail "dry run failed"
expect_match "dry run kernel" "$out" 'kernels/images/two-refs-gadget'
expect_match "dry run boot" "$out" 'run-cell.sh -m wall -p 2 -c gadget -k two-refs'
"$P2" -n bogus >/dev/null 2>&1 && fail "a stray argument was accepted"

progress() {	# progress <last step>: the program's console lines up to it
	cat <<-'EOF'
	[    0.000000] Linux version 6.1.192-two-refs (root@vm) (gcc (Debian 12.2.0-14+deb12u1) 12.2.0) #1 SMP
	[   52.764907] p2: start: gadget on dummy_udc, AIO read on ep2out-bulk
	[   53.505923] p2: descriptors written, waiting for the host to configure the device
	EOF
	[ "$1" = start ] && return
	cat <<-'EOF'
	[   54.797999] p2: ep0 SETUP bRequestType=0x00 bRequest=9 wValue=0x0001 wLength=0
	[   54.804638] p2: configured by the host
	[   54.809106] p2: ep2out-bulk enabled
	[   56.021245] p2: read queued (io_submit 1, events so far 0); calling io_cancel
	EOF
}
lockdep() {
	cat <<-'EOF'
	[   56.030636] ============================================
	[   56.030883] WARNING: possible recursive locking detected
	[   56.032251] p2-gadget/47 is trying to acquire lock:
	[   56.032595] ffff88805f7e4158 (&ctx->ctx_lock){....}-{2:2}, at: aio_complete_rw+0x85/0x720
	[   56.035613] ffff88805f7e4158 (&ctx->ctx_lock){....}-{2:2}, at: __x64_sys_io_cancel+0xa4/0x3b0
	[   56.561915]  <TASK>
	[   56.564510]  ep_aio_complete+0x435/0x600
	[   56.564687]  dummy_dequeue+0x250/0x3e0
	[   56.570775]  </TASK>
	[   56.570776] after the report
	EOF
}
stall() {
	cat <<-'EOF'
	[   82.543454] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:
	[   82.549823] NMI backtrace for cpu 0
	[   82.560015]  <TASK>
	[   82.560752]  aio_complete_rw+0x85/0x720
	[   82.563297]  </TASK>
	EOF
}
judge() {	# judge <name> <want status> <want verdict>: $T/<name>.log
	rc=0
	"$P2" -j "$T/$1.log" >"$T/$1.out" 2>&1 || rc=$?
	expect_eq "$1: exit status" "$rc" "$2"
	expect_match "$1: verdict" "$(head -n 1 "$T/$1.out")" "^verdict: $3 \\(Linux version 6.1.192-two-refs\\)"
}

{ progress all; lockdep; stall; } | sed 's/$/\r/' >"$T/deadlock.log"	# the console has CRs
judge deadlock 0 DEADLOCK
sed -n '/^--- lockdep/,/^---/p' "$T/deadlock.out" >"$T/excerpt"
expect_eq "lockdep excerpt: first line" "$(sed -n 2p "$T/excerpt")" "[   56.030636] ============================================"
expect_match "lockdep excerpt: ends at </TASK>" "$(grep -v '^---' "$T/excerpt" | tail -n 1)" '</TASK>$'
grep -q 'after the report' "$T/excerpt" && fail "lockdep excerpt runs past </TASK>"
grep -q '^--- lockup / stall' "$T/deadlock.out" || fail "no stall excerpt: $(cat "$T/deadlock.out")"
grep -q 'calling io_cancel' "$T/deadlock.out" || fail "no progress lines: $(cat "$T/deadlock.out")"
sed -n '/^--- lockup/,$p' "$T/deadlock.out" >"$T/stuck"
grep -q 'NMI backtrace for cpu 0' "$T/stuck" && grep -q 'aio_complete_rw' "$T/stuck" ||
	fail "stall excerpt without the stuck CPU's backtrace: $(cat "$T/stuck")"

{ progress all; stall; } >"$T/stall.log"
judge stall 0 DEADLOCK

{ progress all; echo '[   56.1] p2: io_cancel returned -EINPROGRESS'; echo '[   56.2] p2: verdict: no deadlock'; } >"$T/returned.log"
judge returned 3 NO-DEADLOCK

{ progress start; stall; } >"$T/early.log"	# stuck, but not in io_cancel()
judge early 4 INCONCLUSIVE
# a loaded host: the boot itself reports a stall (the VM was descheduled)
{ stall; progress all; } >"$T/bootstall.log"
judge bootstall 4 INCONCLUSIVE
{ stall; progress all; lockdep; } >"$T/bootstall2.log"
judge bootstall2 0 DEADLOCK
grep -q '82.543454' "$T/bootstall2.out" && fail "the boot's stall quoted as evidence"
progress start >"$T/never.log"
judge never 4 INCONCLUSIVE
"$P2" -j "$T/none.log" >/dev/null 2>&1 && fail "-j on a missing log succeeded"
exit 0
