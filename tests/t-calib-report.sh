#!/bin/sh
# tier: quick
# calib/report-section.sh: the report's "predicted cost on silicon"
# section from a profile run and a machine profile (fixed inputs): names
# both, has a row per scheme and cell, replaces itself when run again,
# says which command to run when an input is missing, draws the plot.
. "$(dirname "$0")/lib.sh"
S=$TOP/calib/report-section.sh
TAB=$(printf '\t')
tsv() { printf '%s\n' "$@" | tr ' ' "$TAB"; }
mkdir -p "$T/prof" "$T/cal" "$T/out" "$T/none"
tsv 'two-refs c1 insns 100' 'two-refs c1 atomics 4' 's1 c1 insns 90' 's1 c1 atomics 2' >"$T/prof/metrics.tsv"
printf '# machine\ttesthost\tTest CPU\t2026-01-01T00:00:00Z\n' >"$T/cal/costs.tsv"
tsv 'insn - 0.5 0.1 20' 'atomic - 5 1 20' 'xfer smt 20 2 200' >>"$T/cal/costs.tsv"
printf 'the report\n' >"$T/out/report.txt"
printf '# the report\n' >"$T/out/report.md"
"$S" -p "$T/prof" -c "$T/cal" "$T/out" >"$T/log" 2>&1 || fail "report-section.sh: $(cat "$T/log")"
"$S" -p "$T/prof" -c "$T/cal" "$T/out" >"$T/log" 2>&1 || fail "second run: $(cat "$T/log")"
txt=$(cat "$T/out/report.txt")
printf '%s\n' "$txt"
expect_eq "first line kept" "$(head -n 1 "$T/out/report.txt")" "the report"
expect_eq "sections" "$(grep -c '^== predicted cost on silicon' "$T/out/report.txt")" 1
expect_eq "md sections" "$(grep -c '^## Predicted cost on silicon' "$T/out/report.md")" 1
expect_match "profile named" "$txt" "^counts: $T/prof/metrics.tsv"
expect_match "calibration named" "$txt" "^costs: +$T/cal\$"
expect_match "machine named" "$txt" "^ +\\(Test CPU, testhost, 2026-01-01T00:00:00Z\\)"
expect_match "costs" "$txt" '^term +ns +\+- ns$'
expect_match "a cost" "$txt" '^xfer @smt +20\.000 +2\.000$'
expect_match "md cost" "$(cat "$T/out/report.md")" '^\| insn \| 0\.500 \| 0\.100 \|$'
# c1: -10 * 0.5 + -2 * 5 = -15; u = sqrt(1 + 4) = 2.24
expect_match "head" "$txt" '^cell +scheme +d insn +d atom +d xfer +d x-at +d ns +\+-$'
expect_match "row" "$txt" '^c1 +s1 +-10\.00 +-2\.00 +\+0\.00 +\+0\.00 +-15\.00 +2\.24$'
expect_match "md row" "$(cat "$T/out/report.md")" '^\| c1 \| s1 \| -10\.00 \| -2\.00 \| \+0\.00 \| \+0\.00 \| -15\.00 \| 2\.24 \|$'
if command -v gnuplot >/dev/null; then
	[ -s "$T/out/plots/predicted-ns.png" ] && [ -s "$T/out/plots/predicted-ns.svg" ] ||
		fail "no plots/predicted-ns.png, .svg"
fi
expect_match "no profile" "$("$S" -p "$T/none" -c "$T/cal")" 'no profile run .*\(make profile\)'
expect_match "no calibration" "$("$S" -p "$T/prof" -c "$T/none")" 'no machine profile \(make calibrate\)'
echo "section written once, rows as computed by hand"

# Measured next to predicted: a bench run (the report's OUTDIR) with wall
# cells named like the profile cell c1; under KVM, and under TCG (said).
{ "$TOP/report/synth.sh" two-refs c1/mode=wall 1000 1010 990 1005 995 1000
  "$TOP/report/synth.sh" s1 c1/mode=wall 990 995 985 992 988 990; } |
	jq -c '.host.accel = "kvm -cpu host"' >"$T/out/records.jsonl"
"$S" -p "$T/prof" -c "$T/cal" "$T/out" >"$T/log" 2>&1 || fail "with a bench run: $(cat "$T/log")"
txt=$(cat "$T/out/report.txt")
expect_match "measured heading" "$txt" '^measured \(wall mode, accelerator: kvm -cpu host\):'
# predicted -15 (no aio_* counts: fs/aio.c column 0), measured 990 - 1000
expect_match "measured head" "$txt" '^cell +scheme +pred aio +pred all +measured +CI$'
expect_match "md measured head" "$(cat "$T/out/report.md")" \
	'^\| cell \| scheme \| predicted Δns \(fs/aio\.c\) \| predicted Δns \(window\) \| measured Δns \| 95 % CI \| reps \|$'
expect_match "md measured row" "$(cat "$T/out/report.md")" '^\| c1 \| s1 \| \+0\.00 \| -15\.00 ± 2\.24 \| -10\.00 \| -[0-9.]+\.\.-[0-9.]+ \| 6 \|$'
expect_match "measured row" "$txt" '^c1 +s1 +\+0\.00 +-15\.00 +-10\.00 +-[0-9.]+\.\.-[0-9.]+ *$'
printf '%s\n' "$txt" | grep -q 'measure the emulator' && fail "KVM run called emulated"
jq -c '.host.accel = "tcg,thread=multi"' "$T/out/records.jsonl" >"$T/r" && mv "$T/r" "$T/out/records.jsonl"
"$S" -p "$T/prof" -c "$T/cal" "$T/out" >"$T/log" 2>&1 || fail "TCG bench run: $(cat "$T/log")"
expect_match "TCG said" "$(cat "$T/out/report.txt")" 'not KVM: these wall times measure the emulator'
"$TOP/report/synth.sh" two-refs c1/mode=icount 1000 1000 >"$T/out/records.jsonl"
"$S" -p "$T/prof" -c "$T/cal" "$T/out" >"$T/log" 2>&1 || fail "no wall cells: $(cat "$T/log")"
expect_match "how to measure" "$(cat "$T/out/report.txt")" 'make bench MATRIX=bench/matrix-kvm.conf'
wide=$(grep -v "^costs: *$T" "$T/out/report.txt" | awk 'length > 72')	# but our path
[ -z "$wide" ] || fail "report.txt over 72 columns: $wide"
