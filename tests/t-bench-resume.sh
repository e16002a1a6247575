#!/bin/sh
# Nothing lost when a run dies: a host-mode matrix is killed (SIGKILL of
# the whole run) at fixed delays after its newest record, sometimes with
# its last record cut at a byte as a power loss would leave it, and
# resumed with the same RUN until it completes.  Every boot must end with
# its record exactly once, torn tails are moved aside, and the report
# reads the run.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || skip "host mode needs root"
[ -e /proc/sys/fs/aio-max-nr ] || skip "host kernel has no AIO"
[ -x "$CMP" ] || fail "no $CMP (make tools)"
poll_matrix "$T/m.conf" host 6 3000 60 ready write
run=t-resume-$$
R=$AIOB_RESULTS/$run/records.jsonl
runit() { "$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" >>"$T/out" 2>&1; }

# Kill points in ms, fixed: the first ones land in set-up, later ones
# between and inside boots.
kills=0 torn=0
# Each round waits for the run to record one more boot than it had, then
# kills it d ms later: in the next boot, its record's append or the
# set-up, whatever the machine's speed.  Every other round also tears
# the last record at an offset taken from d.
count() { cat "$R" 2>/dev/null | wc -l; }
for d in 0 150 300 450 600 750 900 50; do
	before=$(count)
	# a session (process group) of its own, so the kill takes it whole
	setsid "$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" >>"$T/out" 2>&1 &
	pid=$!
	while [ "$(count)" -le "$before" ] && kill -0 "$pid" 2>/dev/null; do
		sleep 0.05
	done
	sleep "$(awk -v d="$d" 'BEGIN { printf "%.3f", d / 1000 }')"
	/bin/kill -KILL -- "-$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
	echo "killed $d ms after a record: $before -> $(count) records"
	if [ $((d / 150 % 2)) -eq 1 ] && [ -s "$R" ]; then
		size=$(stat -c %s "$R") last=$(tail -n 1 "$R" | wc -c)
		cut=$((size - 1 - d % (last - 1)))
		truncate -s "$cut" "$R"
		torn=$((torn + 1))
	fi
done
echo "$kills kills, $torn torn tails"
[ "$kills" -ge 4 ] || fail "only $kills runs were still running when killed"
runit || fail "final resume failed: $(tail -n 5 "$T/out")"
cat "$T/out"
plan=$(wc -l <"$AIOB_RESULTS/$run/plan.tsv")
expect_eq "plan" "$plan" 12
expect_eq "records" "$(wc -l <"$R")" "$plan"
expect_eq "each boot once" "$(field "$R" boot_dir | sort | uniq -c | awk '$1 != 1' | wc -l)" 0
expect_eq "boots" "$(field "$R" boot_dir | sort -u | wc -l)" "$plan"
expect_eq "all ok" "$(field "$R" ok | sort -u)" true
[ "$torn" -eq 0 ] || grep -q 'torn last record' "$T/out" || fail "no torn record was reported"
mkdir -p "$T/rep"
"$CMP" report -b "host-$(uname -r)" -o "$T/rep" "$AIOB_RESULTS/$run" >"$T/rep.out" 2>&1 ||
	fail "report failed: $(cat "$T/rep.out")"
