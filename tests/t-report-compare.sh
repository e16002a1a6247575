#!/bin/sh
# tier: quick
# compare: finds a known difference with its Fieller interval (wider
# than ministat's, which ignores the base mean's uncertainty) and
# absolute delta, finds none between identical distributions, reports
# icount deterministic deltas as exact (wall: never), needs Mann-Whitney
# and Hodges-Lehmann too in wall mode, calls too few wall reps
# untestable, adjusts for the number of comparisons, keeps failed reps
# out of the means, keeps hosts apart, takes any scheme names and any
# reference.
. "$(dirname "$0")/lib.sh"
S=$TOP/report/synth.sh
[ -x "$CMP" ] || fail "no $CMP (make host-san)"

# tsv line of scheme $2, metric ns_per_op, cell matching $3: field named $4
col() {
	awk -F '\t' -v s="$2" -v c="$3" -v f="$4" '
		/^#/ { sub(/^#/, ""); for (i = 1; i <= NF; i++) k[$i] = i; next }
		$k["scheme"] == s && $k["metric"] == "ns_per_op" && index($k["cell"], c) == 1 { print $k[f] }' "$1"
}
near() { awk -v a="$2" -v b="$3" -v e="$4" 'BEGIN { d = a - b; exit !(d <= e && d >= -e) }' ||
	fail "$1: $2 is not $3 +- $4"; }

A="997 999 1000 1001 1003 998 1002 1000"
B="1052 1048 1050 1053 1049 1047 1050 1051"	# +5 %, same spread
{
	$S two-refs diff/mode=icount $A
	$S single-ref diff/mode=icount $B
	$S two-refs same/mode=icount $A
	$S single-ref same/mode=icount 1000 1002 998 1003 997 1001 999 1000
	$S two-refs det/mode=icount 5000 5000 5000
	$S single-ref det/mode=icount 4900 4900 4900
	$S two-refs detsame/mode=icount 3000 3000
	$S single-ref detsame/mode=icount 3000 3000
	$S two-refs wall4/mode=wall 100 101 102 103
	$S single-ref wall4/mode=wall 110 111 112 113
	$S two-refs wall3/mode=wall 100 101 102
	$S single-ref wall3/mode=wall 110 111 112
	$S two-refs wallc/mode=wall 100 100
	$S single-ref wallc/mode=wall 110 110
	$S two-refs fail/mode=icount 100 100
	$S single-ref fail/mode=icount 100 100 FAIL
} >"$T/r.jsonl"
# a failed rep that still carries metrics is not averaged in either
printf '%s\n' '{"run_id":"synth","cell":"fail/mode=icount","scheme":"single-ref","mode":"icount","rep":4,"workload":"fail","host":{"name":"synth-host"},"ok":false,"error":"kernel problems in dmesg","metrics":{"ns_per_op":1e9}}' >>"$T/r.jsonl"
"$CMP" tsv "$T/r.jsonl" >"$T/t.tsv" 2>"$T/err" || fail "tsv: $(cat "$T/err")"

near "diff %change" "$(col "$T/t.tsv" single-ref diff/ pct)" 5 1e-9
near "diff delta" "$(col "$T/t.tsv" single-ref diff/ delta)" 50 1e-9
expect_eq "diff marked" "$(col "$T/t.tsv" single-ref diff/ mark)" "***"
near "same %change" "$(col "$T/t.tsv" single-ref same/ pct)" 0 1e-9
near "same p" "$(col "$T/t.tsv" single-ref same/ p_t)" 1 1e-9
expect_eq "same not marked" "$(col "$T/t.tsv" single-ref same/ mark)" "-"
expect_eq "deterministic" "$(col "$T/t.tsv" single-ref det/ mark)" d
near "deterministic delta" "$(col "$T/t.tsv" single-ref det/ pct)" -2 1e-9
expect_eq "deterministic, same" "$(col "$T/t.tsv" single-ref detsame/ mark)" "-"
near "MW 3v3" "$(col "$T/t.tsv" single-ref wall3/ p_mw)" 0.1 1e-9
# m comparisons are judged together, each at 0.05/m (Bonferroni): here
# m = 5 (diff, same, wall4, wall3, wallc), so 4 vs 4 wall reps (best
# p = 2/70) cannot reach 0.01 any more: 5 per scheme are needed
expect_eq "family" "$(col "$T/t.tsv" single-ref diff/ alpha)" 0.01
expect_eq "wall 4v4 in a family of 5" "$(col "$T/t.tsv" single-ref wall4/ verdict),$(col "$T/t.tsv" single-ref wall4/ need)" untestable,5
expect_eq "wall 3v3 untestable" "$(col "$T/t.tsv" single-ref wall3/ mark),$(col "$T/t.tsv" single-ref wall3/ verdict)" "?,untestable"
# constant wall values are noise that happened to repeat, not an exact delta
expect_eq "wall, constant: not deterministic" "$(col "$T/t.tsv" single-ref wallc/ verdict)" untestable

# one cell alone (m = 1): 95 % intervals
one() {	# one <mode> <base values> -- <new values>: tsv of cell x
	m=$1; shift
	b= ; while [ "$1" != -- ]; do b="$b $1"; shift; done; shift
	{ $S two-refs x/mode=$m $b; $S single-ref x/mode=$m "$@"; } >"$T/one.jsonl"
	"$CMP" tsv "$T/one.jsonl" >"$T/one.tsv" || fail "tsv failed"
}
one icount $A -- $B
expect_eq "alone" "$(col "$T/one.tsv" single-ref x/ alpha)" 0.05
# Fieller: at both bounds r of the ratio, (mean_b - r mean_a)^2 =
# t^2 (var_b/n + r^2 var_a/n), t the 97.5 % quantile (df ~ 14: 2.145)
lo=$(col "$T/one.tsv" single-ref x/ pct_lo) hi=$(col "$T/one.tsv" single-ref x/ pct_hi)
printf '%s\n' $A | sed 's/^/a /' >"$T/ab"; printf '%s\n' $B | sed 's/^/b /' >>"$T/ab"
tt=$(awk -v lo="$lo" -v hi="$hi" '
	{ n[$1]++; s[$1] += $2; q[$1] += $2 * $2 }
	function T(r) { return (mb - r * ma) / sqrt(vb + r * r * va) }
	END {	ma = s["a"] / n["a"]; mb = s["b"] / n["b"]
		va = (q["a"] - n["a"] * ma * ma) / (n["a"] - 1) / n["a"]
		vb = (q["b"] - n["b"] * mb * mb) / (n["b"] - 1) / n["b"]
		printf "%.4f %.4f\n", T(1 + lo / 100), -T(1 + hi / 100) }' "$T/ab")
near "Fieller lower bound" "${tt% *}" 2.145 0.005
near "Fieller upper bound" "${tt#* }" 2.145 0.005
# the new scheme's mean is uncertain too: the interval is wider than
# ministat's (which divides the difference's CI by the base mean)
if command -v ministat >/dev/null; then
	printf '%s\n' $A >"$T/a"; printf '%s\n' $B >"$T/b"
	want=$(ministat -c 95 "$T/a" "$T/b" | sed -n 's/^[[:space:]]*5% +\/- \([0-9.]*\)%$/\1/p')
	[ -n "$want" ] || fail "no ministat CI"
	awk -v w="$want" -v lo="$lo" -v hi="$hi" 'BEGIN { exit !((hi - lo) / 2 > w) }' ||
		fail "Fieller [$lo, $hi] not wider than ministat's +-$want"
fi
# wall 4 vs 4 apart: p = 2/70; Hodges-Lehmann: the median of the 16 log
# ratios, its 95 % interval from the smallest to the largest of them
one wall 100 101 102 103 -- 110 111 112 113
near "MW 4v4" "$(col "$T/one.tsv" single-ref x/ p_mw)" 0.0285714 1e-6
expect_eq "wall 4v4 significant" "$(col "$T/one.tsv" single-ref x/ mark)" "*"
near "HL" "$(col "$T/one.tsv" single-ref x/ hl_pct)" 9.8522 0.001
near "HL low" "$(col "$T/one.tsv" single-ref x/ hl_lo)" 6.7961 0.001
near "HL high" "$(col "$T/one.tsv" single-ref x/ hl_hi)" 13 0.001
one wall 100 100 -- 110 110
expect_eq "wall constant, 2 reps" "$(col "$T/one.tsv" single-ref x/ verdict),$(col "$T/one.tsv" single-ref x/ need)" untestable,4
expect_eq "failed reps apart" "$(col "$T/t.tsv" single-ref fail/ n),$(col "$T/t.tsv" single-ref fail/ nfail)" 2,2
near "failed not averaged" "$(col "$T/t.tsv" single-ref fail/ mean)" 100 1e-9

# the human-readable compare names the cells and marks the difference
"$CMP" compare "$T/r.jsonl" >"$T/c.txt" || fail "compare failed"
expect_match "compare" "$(grep -A3 '^diff/' "$T/c.txt" | grep single-ref)" '\+5\.00%.*\*\*\*'

# any scheme names; BASE= another reference; several hosts stay apart in
# wall mode; in icount mode (same QEMU) their boots form one comparison
{
	SYNTH_HOST=a $S foo x/mode=wall 100 100
	SYNTH_HOST=a $S bar x/mode=wall 90 90
	SYNTH_HOST=b $S foo x/mode=wall 200 200
	SYNTH_HOST=b $S bar x/mode=wall 220 220
	SYNTH_HOST=a $S foo y/mode=icount 100 100
	SYNTH_HOST=b $S bar y/mode=icount 90 90
} >"$T/h.jsonl"
"$CMP" tsv -b foo "$T/h.jsonl" | awk -F '\t' '$13 == "bar" && $14 == "ns_per_op" { print $1, $20 }' \
	>"$T/h.out"
expect_eq "per host" "$(cat "$T/h.out")" "$(printf 'a -10\nb 10\nany host -10')"
if "$CMP" compare "$T/h.jsonl" 2>"$T/err"; then fail "missing reference accepted"; fi
expect_match "missing reference" "$(cat "$T/err")" "no records of the reference scheme two-refs"
