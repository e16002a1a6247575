# bench/loop.sh - the boot-and-record loop, shared by bench/run.sh,
# check/check-lifetime.sh and profile/profile.sh; sourced, never run.
# shellcheck shell=sh
#
# A run is a directory, $AIOB_RESULTS/<run-id>/, holding plan.tsv (one
# line per boot, written before the first boot), records.jsonl (append
# only; a boot's records go in with one append) and done, the keys of
# the boots recorded.  A boot's key is its directory in the run,
# "boots/<tag>", which is the boot_dir of its records: a boot is done
# when its records are in records.jsonl, and done is rebuilt from them
# when a run resumes (loop_open).  What a boot runs and how its records
# are judged belong to the caller; here: the run id, resume, the
# progress line, and stopping (loop_boot, loop_on_stop).

# loop_id [prefix]: a new run id, the one pattern: <prefix><UTC
# yyyymmdd-hhmmss>-<host> (bench: no prefix; "check-", "profile-")
loop_id() { echo "${1:-}$(date -u +%Y%m%d-%H%M%S)-$(hostname -s 2>/dev/null || echo host)"; }

# loop_open <run-dir> <total>: resume state.  A torn last record (the
# run was killed while appending) is moved aside, so its boot runs
# again; done <- the records' boot_dirs (older bench runs recorded them
# as "results/<run>/boots/<tag>").  Starts the progress clock.
loop_open() {
	loop_dir=$1 loop_total=$2 loop_ran=0 loop_t0=$(date +%s)
	_lr=$1/records.jsonl
	if [ -s "$_lr" ]; then
		"$TOP/build/host/aiob-rec" repair "$_lr" || die "${_lr#$TOP/} cannot be repaired (see above)"
		"$TOP/build/host/aiob-rec" tsv "$_lr" boot_dir | sed 's,^.*/boots/,boots/,' | sort -u >"$1/done.new" ||
			die "${_lr#$TOP/} cannot be read (see above)"
		mv "$1/done.new" "$1/done"
	else
		: >"$1/done"
	fi
}
# loop_done <key>: that boot is recorded
loop_done() { grep -qxF "$1" "$loop_dir/done"; }
# loop_mark <key>: its records are in (after the append)
loop_mark() { echo "$1" >>"$loop_dir/done"; loop_ran=$((loop_ran + 1)); }
# loop_progress <what> <boot-seconds> [suffix]: after loop_mark, one line
# on stderr: boots done of the plan, what this one gave, and the time
# left at this run's rate so far
loop_progress() {
	_el=$(( $(date +%s) - loop_t0 )) _nd=$(wc -l <"$loop_dir/done")
	_eta=$(( _el * (loop_total - _nd) / (loop_ran > 0 ? loop_ran : 1) ))
	printf '[%d/%d] %s (%ds; elapsed %d:%02d, ~%d:%02d left)%s\n' "$_nd" "$loop_total" \
		"$1" "$2" $((_el / 60)) $((_el % 60)) $((_eta / 60)) $((_eta % 60)) "${3:-}" >&2
}

# loop_boot [-w <watch-fn>] <command...>: run one boot (bench/boot.sh,
# bench/run-cell.sh, ...) in the background and wait for it; its exit
# status is loop_boot's.  <watch-fn> <pid> runs beside it (in a
# subshell, ended with the boot).  Ctrl-C or SIGTERM: the boot gets
# SIGTERM (run-cell.sh then stops its guest, within a second or two),
# and the script exits 130 or 143, the run resumable (loop_on_stop).
# The terminal's SIGINT does not reach the boot itself: a shell starts
# background commands with SIGINT ignored.
loop_boot() {
	_lw=
	[ "$1" != -w ] || { _lw=$2; shift 2; }
	"$@" </dev/null &
	loop_pid=$! loop_wpid=
	trap 'loop_stop 130' INT
	trap 'loop_stop 143' TERM
	[ -z "$_lw" ] || { "$_lw" "$loop_pid" & loop_wpid=$!; }
	_lrc=0
	wait "$loop_pid" || _lrc=$?
	[ -z "$loop_wpid" ] || { kill "$loop_wpid" 2>/dev/null; wait "$loop_wpid" 2>/dev/null; } || true
	trap 'exit 130' INT
	trap 'exit 143' TERM
	loop_pid=
	return $_lrc
}
loop_stop() {	# loop_stop <exit status>: the boot, then the script
	[ -z "$loop_wpid" ] || kill "$loop_wpid" 2>/dev/null || true
	kill -TERM "$loop_pid" 2>/dev/null || true
	wait "$loop_pid" 2>/dev/null || true
	exit "$1"
}

# loop_on_stop <run-id> <resume command> [why-fn]: any non-zero exit from
# here on says how to resume the run (and, first, what <why-fn> prints:
# e.g. a full disk).  Ctrl-C or SIGTERM between boots stops the run too.
loop_on_stop() {
	loop_name=$1 loop_resume=$2 loop_why=${3:-}
	trap loop_stopped EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}
loop_stopped() {
	_rc=$?
	[ "$_rc" -ne 0 ] || return 0
	[ -z "$loop_why" ] || ! _msg=$("$loop_why" 2>/dev/null) || say "$_msg"
	say "run $loop_name stopped; resume it with: $loop_resume"
	exit "$_rc"
}
