#!/bin/sh
# tier: quick
# Matrix validation before anything boots: a matrix with one mistake per
# line (marked "# BAD") gets every mistake reported at once as
# file:line: message, and run.sh -- dry or not -- writes nothing.
. "$(dirname "$0")/lib.sh"

cat >"$T/m.conf" <<'M'
[global]
schemes = two-refs nosuch          # BAD unknown scheme
reps = two                         # BAD not an integer
ops = 1000
nosuchkey = 1                      # BAD unknown key
[a]
bench = aio-rw
device = nullb floppy              # BAD device not in the set
qd = 0                             # BAD qd must be >= 1
bs = 1000                          # BAD not a multiple of 512
rw = sideways                      # BAD not a direction
wake = ready                       # BAD not a key of aio-rw
mode = turbo                       # BAD unknown mode
[b]
bench = nosuchprog                 # BAD unknown program
[c]                                # BAD aio-rw needs a device
bench = aio-rw
[d]
bench = aio-poll
wake = ready
queue_mode = 1                     # BAD null_blk's legacy rq mode is gone
this is not a key                  # BAD no '='
[e]
bench = uring-rw
device = nvme                      # BAD icount x emulated NVMe, every cell
[f]
bench = aio-poll
cpu = pu:1                         # BAD icount guests have one vCPU
[g]
bench = fio
device = nullb
engine = libaio posix              # BAD unknown engine
M
want=$(grep -n '# BAD' "$T/m.conf" | cut -d: -f1 | tr '\n' ' ')
if "$TOP/bench/matrix.sh" "$T/m.conf" >"$T/cells" 2>"$T/err"; then fail "bad matrix accepted"; fi
[ ! -s "$T/cells" ] || fail "cells printed for a bad matrix"
got=$(sed -n "s|^$T/m.conf:\([0-9]*\): .*|\1|p" "$T/err" | sort -n | uniq | tr '\n' ' ')
expect_eq "lines with a problem" "$got" "$want"
expect_match "unknown scheme lists the known ones" "$(cat "$T/err")" "'nosuch' is not one of: .*two-refs.* all"
expect_match "unknown program lists the programs" "$(cat "$T/err")" "nosuchprog: unknown program \\(programs: .*aio-rw"
expect_match "summary" "$(tail -n 1 "$T/err")" "$(grep -c '# BAD' "$T/m.conf") problems; nothing was run"

# run.sh: refused before the run directory exists, dry or not
run=t-matrix-validate-$$
for opt in -n ""; do
	if "$TOP/bench/run.sh" $opt -m "$T/m.conf" -r "$run" >"$T/out" 2>&1; then
		fail "run.sh $opt accepted the bad matrix"
	fi
	grep -q "^$T/m.conf:3: reps = two" "$T/out" || fail "run.sh $opt: $(head -n 3 "$T/out")"
	[ ! -e "$AIOB_RESULTS/$run" ] || { rm -rf "$AIOB_RESULTS/$run"; fail "run.sh $opt wrote results/$run"; }
done

# a good matrix: the dry run plans it and still writes nothing
printf '[global]\nschemes = all\nreps = 2\n[p]\nbench = aio-poll\nwake = ready write\n' >"$T/ok.conf"
"$TOP/bench/run.sh" -n -m "$T/ok.conf" -r "$run" >"$T/plan" 2>"$T/err" || fail "good matrix refused: $(cat "$T/err")"
nsch=$(ls -d "$TOP"/variants/*/ | wc -l)
expect_eq "plan" "$(wc -l <"$T/plan")" $((2 * 2 * nsch))
[ ! -e "$AIOB_RESULTS/$run" ] || { rm -rf "$AIOB_RESULTS/$run"; fail "dry run wrote results/$run"; }
# a line too long to be a matrix line is named, not chewed on (fuzzing
# found 30 KB lines of blanks taking mawk 17 s)
{ printf '[a]\nbench = aio-poll\nwake = ready'; printf '%5000s\n' ''; } >"$T/long.conf"
"$TOP/bench/matrix.sh" "$T/long.conf" >/dev/null 2>"$T/err" && fail "a 5000-character line accepted"
expect_match "long line named" "$(cat "$T/err")" 'long.conf:3: line of 5012 characters \(at most 4096\)'
exit 0
