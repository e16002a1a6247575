#!/bin/sh
# compare: finds a known difference (and agrees with ministat on its
# confidence interval), finds none between identical distributions,
# reports deterministic deltas as exact, needs Mann-Whitney too in wall
# mode, keeps failed reps out of the means, keeps hosts apart, and takes
# any scheme names and any reference.
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
	$S two-refs fail/mode=icount 100 100
	$S single-ref fail/mode=icount 100 100 FAIL
} >"$T/r.jsonl"
# a failed rep that still carries metrics is not averaged in either
printf '%s\n' '{"run_id":"synth","cell":"fail/mode=icount","scheme":"single-ref","mode":"icount","rep":4,"workload":"fail","host":{"name":"synth-host"},"ok":false,"error":"kernel problems in dmesg","metrics":{"ns_per_op":1e9}}' >>"$T/r.jsonl"
"$CMP" tsv "$T/r.jsonl" >"$T/t.tsv" 2>"$T/err" || fail "tsv: $(cat "$T/err")"

near "diff %change" "$(col "$T/t.tsv" single-ref diff/ pct)" 5 1e-9
if command -v ministat >/dev/null; then
	printf '%s\n' $A >"$T/a"; printf '%s\n' $B >"$T/b"
	want=$(ministat -c 95 "$T/a" "$T/b" | sed -n 's/^[[:space:]]*5% +\/- \([0-9.]*\)%$/\1/p')
	[ -n "$want" ] || fail "no ministat CI"
	near "diff CI vs ministat" "$(col "$T/t.tsv" single-ref diff/ pct_ci)" "$want" 0.0001
fi
near "diff CI" "$(col "$T/t.tsv" single-ref diff/ pct_ci)" 0.2145 0.0001
expect_eq "diff marked" "$(col "$T/t.tsv" single-ref diff/ mark)" "***"
near "same %change" "$(col "$T/t.tsv" single-ref same/ pct)" 0 1e-9
near "same p" "$(col "$T/t.tsv" single-ref same/ p_t)" 1 1e-9
expect_eq "same not marked" "$(col "$T/t.tsv" single-ref same/ mark)" "-"
expect_eq "deterministic" "$(col "$T/t.tsv" single-ref det/ mark)" d
near "deterministic delta" "$(col "$T/t.tsv" single-ref det/ pct)" -2 1e-9
expect_eq "deterministic, same" "$(col "$T/t.tsv" single-ref detsame/ mark)" "-"
# exact Mann-Whitney: 4 vs 4 apart: p = 2/70; 3 vs 3 apart: p = 2/20
near "MW 4v4" "$(col "$T/t.tsv" single-ref wall4/ p_mw)" 0.0285714 1e-6
expect_eq "wall 4v4 significant" "$(col "$T/t.tsv" single-ref wall4/ mark)" "*"
near "MW 3v3" "$(col "$T/t.tsv" single-ref wall3/ p_mw)" 0.1 1e-9
expect_eq "wall 3v3 needs MW too" "$(col "$T/t.tsv" single-ref wall3/ mark)" "-"
expect_eq "failed reps apart" "$(col "$T/t.tsv" single-ref fail/ n),$(col "$T/t.tsv" single-ref fail/ nfail)" 2,2
near "failed not averaged" "$(col "$T/t.tsv" single-ref fail/ mean)" 100 1e-9

# the human-readable compare names the cells and marks the difference
"$CMP" compare "$T/r.jsonl" >"$T/c.txt" || fail "compare failed"
expect_match "compare" "$(grep -A3 '^diff/' "$T/c.txt" | grep single-ref)" '\+5\.00%.*\*\*\*'

# any scheme names; BASE= another reference; several hosts stay apart
{
	SYNTH_HOST=a $S foo x/mode=icount 100 100
	SYNTH_HOST=a $S bar x/mode=icount 90 90
	SYNTH_HOST=b $S foo x/mode=icount 200 200
	SYNTH_HOST=b $S bar x/mode=icount 220 220
} >"$T/h.jsonl"
"$CMP" tsv -b foo "$T/h.jsonl" | awk -F '\t' '$13 == "bar" && $14 == "ns_per_op" { print $1, $20 }' \
	>"$T/h.out"
expect_eq "per host" "$(cat "$T/h.out")" "$(printf 'a -10\nb 10')"
if "$CMP" compare "$T/h.jsonl" 2>"$T/err"; then fail "missing reference accepted"; fi
expect_match "missing reference" "$(cat "$T/err")" "no records of the reference scheme two-refs"
