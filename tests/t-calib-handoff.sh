#!/bin/sh
# aiob-handoff runs every pattern on one PU and across every distance
# level (a short run), frees every object exactly once per use (it exits
# 1 otherwise), and counts the atomics each pattern is built to do:
# plain 0, single-ref 1, two-refs 2, ref-cold 1, state-word 0 on one PU
# (the completion runs nested) and 1 to 2 across CPUs.  A bad placement
# is refused.  No timing target.
. "$(dirname "$0")/lib.sh"
bin=$TOP/build/host/aiob-handoff
[ -x "$bin" ] || fail "no $bin (make tools)"
nice "$bin" -n 30 -m 0.05 >"$T/out" 2>"$T/err" || fail "aiob-handoff failed: $(cat "$T/err")"
cat "$T/out"
npu=$(hwloc-calc --number-of pu machine:0 2>/dev/null || echo 1)
awk -F'\t' -v npu="$npu" '
	/^#/ { next }
	NF != 10 { print "bad line: " $0; bad = 1; next }
	{ n[$2]++; a = $4 + 0 }
	$1 == "plain" && a != 0 || $1 == "single-ref" && a != 1 || $1 == "two-refs" && a != 2 ||
	$1 == "ref-cold" && a != 1 || $1 == "state-word" && $2 == "same" && a != 0 ||
	$1 == "state-word" && $2 == "cross" && (a < 1 || a > 2) || $1 == "probe" && a != 0 {
		print $1 " " $2 ": " a " atomics per object"; bad = 1 }
	$1 == "plain" && $7 != 0 { print "plain: delta against itself " $7; bad = 1 }
	$5 <= 0 { print $1 " " $2 ": " $5 " ns per object"; bad = 1 }
	END {
		if (n["same"] != 5) { print n["same"] + 0 " patterns on one PU, want 5"; bad = 1 }
		if (npu > 1 && n["cross"] < 6) { print n["cross"] + 0 " rows across CPUs, want >= 6"; bad = 1 }
		exit bad
	}' "$T/out" >"$T/why" || fail "$(cat "$T/why")"
"$bin" -n 3 -p 0,0 >/dev/null 2>&1 && fail "placement 0,0 accepted"
"$bin" -n 3 -P nosuch >/dev/null 2>&1 && fail "pattern nosuch accepted"
echo "every pattern ran, objects freed once, atomics as built"
