#!/bin/sh
# Ctrl-C stops a run within seconds: SIGINT to the run's process group
# (what the terminal sends) while a guest runs stops that guest (QEMU
# sits in timeout(1)'s own process group, which the terminal does not
# reach), ends the run with how to resume it; so does SIGTERM to run.sh
# alone (bench/loop.sh passes it on); the resumed run completes the boot.
. "$(dirname "$0")/lib.sh"
[ -r "$TOP/kernels/images/two-refs-bench/bzImage" ] || fail "no two-refs image (make kernels)"
poll_matrix "$T/m.conf" icount 1 400000 300
run=t-interrupt-$$
in_session "$TOP/bench/run.sh" -m "$T/m.conf" -s two-refs -r "$run" >"$T/out" 2>&1 &
pid=$!
wait_guest "results/$run/" "$T/out"
sleep 2
t0=$(date +%s)
/bin/kill -INT -- "-$pid"
wait "$pid" && fail "the interrupted run exited 0"
dt=$(( $(date +%s) - t0 ))
echo "stopped in ${dt}s"
cat "$T/out"
! pgrep -f "qemu-system.*results/$run/" >/dev/null || fail "the guest still runs after Ctrl-C"
[ "$dt" -le "$STOP_MAX" ] || fail "Ctrl-C took ${dt}s to stop the run"
expect_match "says how to resume" "$(cat "$T/out")" "resume it with: make bench RUN=$run"
[ ! -s "$AIOB_RESULTS/$run/records.jsonl" ] || fail "the interrupted boot was recorded"
# SIGTERM to run.sh alone (what a supervisor sends): the same stop
"$TOP/bench/run.sh" -m "$T/m.conf" -s two-refs -r "$run" >"$T/out3" 2>&1 &
pid=$!
wait_guest "results/$run/" "$T/out3"
sleep 2
t0=$(date +%s)
kill -TERM "$pid"
wait "$pid" && fail "the terminated run exited 0"
dt=$(( $(date +%s) - t0 ))
echo "SIGTERM: stopped in ${dt}s"
! pgrep -f "qemu-system.*results/$run/" >/dev/null || fail "the guest still runs after SIGTERM"
[ "$dt" -le "$STOP_MAX" ] || fail "SIGTERM took ${dt}s to stop the run"
expect_match "SIGTERM: says how to resume" "$(cat "$T/out3")" "resume it with: make bench RUN=$run"
[ ! -s "$AIOB_RESULTS/$run/records.jsonl" ] || fail "the terminated boot was recorded"
sed -i 's/^ops = .*/ops = 2000/' "$T/m.conf"
"$TOP/bench/run.sh" -m "$T/m.conf" -s two-refs -r "$run" >"$T/out2" 2>&1 || fail "resume: $(cat "$T/out2")"
expect_eq "resumed" "$(field "$AIOB_RESULTS/$run/records.jsonl" ok)" true
