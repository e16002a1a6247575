#!/bin/sh
# tier: quick
# The matrix grammar: cartesian expansion, global defaults, errors with
# file:line, the icount x emulated-NVMe cells refused, cell_keys typed by
# the schema, and a dry run that writes nothing.
. "$(dirname "$0")/lib.sh"

cat >"$T/m.conf" <<'M'
[global]
reps = 3
mode = icount
ops = 100
[a]
bench = aio-rw
device = nullb nvme
qd = 1 4 16
[b]
bench = aio-rw
mode = wall
device = nvme
ops = 5
M
"$TOP/bench/matrix.sh" -a "$T/args" "$T/m.conf" >"$T/cells" 2>"$T/err" || fail "expand failed: $(cat "$T/err")"
expect_eq "cells" "$(wc -l <"$T/cells")" 4   # a: 3 nullb (nvme refused under icount), b: 1
expect_match "nvme refusal" "$(cat "$T/err")" 'skipping \[a\] mode=icount device=nvme: .*use mode = wall'
expect_eq "qd values" "$(grep -o 'qd=[0-9]*' "$T/cells" | grep -v cell | sort -u | tr '\n' ' ')" "qd=1 qd=16 qd=4 "
grep -q 'job=b	cell=b/mode=wall/device=nvme	mode=wall' "$T/cells" || fail "job b cell wrong: $(grep job=b "$T/cells")"
grep 'job=b' "$T/cells" | grep -q 'ops=5' || fail "job key must override global"
expect_eq "cell ids unique" "$(cut -f2 "$T/cells" | sort -u | wc -l)" 4
# record options: one line per cell, numbers typed, not the cell string
expect_eq "args lines" "$(cut -f1 "$T/args" | tr '\n' ' ')" "$(cut -f2 "$T/cells" | sed 's/^cell=//' | tr '\n' ' ')"
grep -q "^b/mode=wall/device=nvme	-b control=false .*-n 'cell_keys.ops=5'" "$T/args" ||
	fail "cell_keys of b: $(grep '^b/' "$T/args")"
grep -q "'cell_keys.reps=" "$T/args" && fail "run-wide key reps in cell_keys"

printf '[a]\nbench = x\nqd 1\n' >"$T/bad.conf"
if "$TOP/bench/matrix.sh" "$T/bad.conf" >/dev/null 2>"$T/err"; then fail "bad line accepted"; fi
expect_match "error names file:line" "$(cat "$T/err")" 'bad.conf:3: expected key = value'
printf '[a]\nqd = 1\n' >"$T/nob.conf"
if "$TOP/bench/matrix.sh" "$T/nob.conf" >/dev/null 2>&1; then fail "job without bench accepted"; fi

# the default matrix expands and every bench it names exists
"$TOP/bench/matrix.sh" "$TOP/bench/matrix.conf" >"$T/def" 2>/dev/null || fail "default matrix does not expand"
for b in $(tr '\t' '\n' <"$T/def" | sed -n 's/^bench=//p' | sort -u); do
	[ -x "$TOP/bench/programs/$b/run" ] || fail "default matrix names missing program $b"
done
# dry run plans rep-major, scheme-interleaved boots
s2=$(cd "$TOP/variants" && ls -d */ | tr -d / | head -n 2 | tr '\n' ' ')
"$TOP/bench/run.sh" -n -m "$T/m.conf" -r "t-matrix-$$" -s "$s2" >"$T/plan" 2>"$T/err" || fail "dry run failed: $(cat "$T/err")"
[ ! -e "$AIOB_RESULTS/t-matrix-$$" ] || { rm -rf "$AIOB_RESULTS/t-matrix-$$"; fail "dry run wrote results/t-matrix-$$"; }
expect_eq "plan size" "$(wc -l <"$T/plan")" 24     # 4 cells x 2 schemes x 3 reps
expect_eq "interleaving" "$(head -n 2 "$T/plan" | cut -f2 | tr '\n' ' ')" "$s2"
if "$TOP/bench/run.sh" -n -m "$T/m.conf" -s "x" >/dev/null 2>"$T/err"; then fail "unknown scheme x accepted"; fi
expect_match "unknown -s scheme" "$(cat "$T/err")" "unknown scheme 'x' \(schemes: .*all\)"

# -x: one job as a matrix of its own (profile/profile.sh's cells): the
# same cells as that job's in the whole file; comments anywhere; a job
# that is not there is named with the ones that are
M="$TOP/bench/matrix.sh"
for f in "$TOP/profile/cells.conf" "$T/m.conf"; do
	for j in $("$M" "$f" | sed -n 's/^job=\([^	]*\)	.*/\1/p' | uniq); do
		"$M" -x "$j" "$f" >"$T/x.conf" || fail "-x $j $f"
		grep -q '#' "$T/x.conf" && fail "-x kept a comment"
		expect_eq "-x $j of $(basename "$f")" "$("$M" "$T/x.conf" 2>/dev/null)" "$("$M" "$f" 2>/dev/null | grep "^job=$j	")"
	done
done
"$M" -x nosuch "$T/m.conf" >/dev/null 2>"$T/err" && fail "-x nosuch accepted"
expect_match "-x names the jobs" "$(cat "$T/err")" 'no job \[nosuch\] \(jobs: '
exit 0
