#!/bin/sh
# Issue 15's blind spots, quick: ck-pollnq (polls on never-queued files)
# and ck-pollfree (POLLFREE via signalfd, named after 50252e4b5e98 and
# 363bee27e258) each catch the mutant written for them in two-refs'
# debug kernel: two-refs--pollnq-dfree (double free on aio_poll()'s "not
# queued, no mask" error path) and two-refs--pollfree-ignore
# (aio_poll_wake() without POLLFREE handling), with the kernel's report
# in the excerpt.  That both programs pass on two-refs itself is
# t-check-quick's part (it runs every program).  Builds the debug kernels
# itself (cold ~15 min once, each mutant ~30 s on top).
. "$(dirname "$0")/lib.sh"
[ -x "$TOP/build/host/ck-report" ] || fail "no ck-report (make tools)"
id=t-issue15-$$
rdir=$AIOB_RESULTS/check-$id
trap 'rm -rf "$T" "$rdir"' EXIT
"$TOP/check/check-lifetime.sh" -q -s none -P "pollnq pollfree" -i "$id" \
	-m "two-refs--pollnq-dfree two-refs--pollfree-ignore" >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "check-lifetime.sh exited non-zero"; }
cat "$T/out"
for m in pollnq-dfree:pollnq pollfree-ignore:pollfree; do
	k=two-refs--${m%%:*}
	expect_eq "$k" "$(ck_verdict "$rdir" "$k")" caught
	# by the program written for it, with the kernel's word on it
	x=$rdir/boots/$k.1/dmesg-ck-${m#*:}.txt
	[ -r "$x" ] || fail "$k: not caught by ck-${m#*:} (no $(basename "$x"))"
	grep -qE 'KASAN|WARNING|refcount_t:|BUG' "$x" || fail "$k: no kernel report in $x"
done
