#!/bin/sh
# tier: quick
# calib/model.awk arithmetic on fixed inputs: predict.awk (metrics.tsv x
# costs.tsv, both transfer levels) and validate.awk (a handoff table),
# against numbers worked out by hand below.  No machine is measured.
. "$(dirname "$0")/lib.sh"
C=$TOP/calib
TAB=$(printf '\t')
tsv() { printf '%s\n' "$@" | tr ' ' "$TAB"; }
tsv '# term level mean_ns ci95_half_ns n' \
	'insn - 0.5 0.1 20' 'atomic - 5 1 20' 'atomic_overlap - 1 0.5 20' \
	'xfer smt 20 2 200' 'xfer_atomic smt 30 3 200' \
	'xfer package 100 10 200' 'xfer_atomic package 150 20 200' >"$T/costs.tsv"
tsv 'two-refs c1 insns 1000' 'two-refs c1 atomics 10' 'two-refs c1 xfers 4' \
	'two-refs c1 xfer_atomics 2' 's1 c1 insns 990' 's1 c1 atomics 8' 's1 c1 xfers 3' \
	's1 c1 xfer_atomics 1' 'two-refs c2 insns 500' 'two-refs c2 atomics 6' \
	's1 c2 insns 520' 's1 c2 atomics 4' 's2 c3 insns 1' >"$T/metrics.tsv"
pred() { awk -v costs="$T/costs.tsv" -v fmt=dat "$@" -f "$C/model.awk" -f "$C/predict.awk" \
	"$T/metrics.tsv"; }

# c1: dinsn -10, datom -2, dxfer -1 (dxa -1: shown, priced as a transfer).
#   smt:     -10*0.5 + (-2)*5 + (-1)*20  = -35
#            u = sqrt((10*.1)^2 + (2*1)^2 + (1*2)^2)  = sqrt(9)  = 3.0000
#   package: -5 - 10 - 100 = -115; u = sqrt(1 + 4 + 10^2) = sqrt(105) = 10.2470
# c2 (no transfers counted): dinsn +20, datom -2: 10 - 10 = 0;
#            u = sqrt((20*.1)^2 + (2*1)^2) = sqrt(8) = 2.8284
# c3: no two-refs there, no row.
expect_eq "default level (the first: smt)" "$(pred)" \
"c1:s1${TAB}-35.0000${TAB}3.0000
c2:s1${TAB}0.0000${TAB}2.8284"
expect_eq "level package" "$(pred -v level=package | head -n 1)" "c1:s1${TAB}-115.0000${TAB}10.2470"
pred -v level=numa >/dev/null 2>&1 && fail "an unknown level must fail"
# fmt=text, md: aiob-table's records
page() { awk -v costs="$T/costs.tsv" -f "$C/model.awk" -f "$C/predict.awk" "$@" >"$T/page.tsv" &&
	"$TBL" $(case "$*" in *fmt=md*) echo -m ;; esac) "$T/page.tsv"; }
txt=$(page "$T/metrics.tsv") || fail "predict.awk | aiob-table failed"
expect_match "text head" "$txt" '^cell +scheme +d insn +d atom +d xfer +d x-at +d ns +\+-$'
expect_match "text row" "$txt" '^c1 +s1 +-10\.00 +-2\.00 +-1\.00 +-1\.00 +-35\.00 +3\.00$'
expect_match "text legend" "$txt" '^model: d ns = d insn \* insn'
printf '%s\n' "$txt" | grep -q 'taken as 0' && fail "xfers were counted: no 'taken as 0' note"
[ "$(printf '%s\n' "$txt" | awk '{ if (length($0) > 72) n++ } END { print n + 0 }')" = 0 ] ||
	fail "text wider than 72 columns"
# scope=aio: the aio_* counts only.  c1: aio_insns -4, aio_atomics -1,
#   aio_xfers 0 -> smt: -4*0.5 + (-1)*5 = -7, u = sqrt(.4^2 + 1^2) = 1.0770
tsv 'two-refs c1 aio_insns 100' 'two-refs c1 aio_atomics 3' 'two-refs c1 aio_xfers 1' \
	's1 c1 aio_insns 96' 's1 c1 aio_atomics 2' 's1 c1 aio_xfers 1' >>"$T/metrics.tsv"
expect_eq "scope=aio" "$(pred -v scope=aio | head -n 1)" "c1:s1${TAB}-7.0000${TAB}1.0770"
expect_eq "whole window unchanged" "$(pred | head -n 1)" "c1:s1${TAB}-35.0000${TAB}3.0000"
grep -v xfer "$T/metrics.tsv" >"$T/m2.tsv"
txt=$(page "$T/m2.tsv") || fail "predict.awk | aiob-table failed"
expect_match "no transfer counts" "$txt" 'counts no line transfers .*taken as 0'
md=$(page -v fmt=md "$T/metrics.tsv") || fail "predict.awk -v fmt=md | aiob-table -m failed"
expect_match "markdown head" "$md" '^\| cell \| scheme \| Δinsn \| Δatomics \| Δxfers \| Δxfer_atomics \| predicted Δns \| ± \|$'
expect_match "markdown row" "$md" '^\| c1 \| s1 \| -10\.00 \| -2\.00 \| -1\.00 \| -1\.00 \| -35\.00 \| 3\.00 \|$'

# validate.awk: deltas against plain.
#   single-ref same:    1*0.5 + 1*5 = 5.5, u = sqrt(.1^2 + 1) = 1.00; measured 5.5: +0 %
#   two-refs smt:       2*0.5 + 2*5 = 11,  u = sqrt(.2^2 + 2^2) = 2.01; measured 16.5: +50 %
#   ref-cold package:   0.5 + 5 + 0 (its transfer replaces the store's) = 5.5,
#                       u = 1.00; measured 5: -9 %, 5.00 per atomic
tsv '# pattern placement level atomics ns_per_obj ci95_half delta_ns delta_ci95_half n dropped' \
	'plain same same-pu 0 5 0.1 0 0 100 0' 'single-ref same same-pu 1.000 10 .2 5.5 .3 100 0' \
	'plain cross smt 0 90 1 0 0 100 0' 'two-refs cross smt 2.000 100 1 16.5 2 100 0' \
	'probe cross smt 0 44 1 -46 1 100 0' 'plain cross package 0 300 1 0 0 100 0' \
	'ref-cold cross package 1.000 305 5 5 6 100 0' >"$T/handoff.tsv"
awk -v costs="$T/costs.tsv" -f "$C/model.awk" -f "$C/validate.awk" "$T/handoff.tsv" >"$T/val.tsv" ||
	fail "validate.awk failed"
val=$("$TBL" "$T/val.tsv") || fail "aiob-table failed on validate.awk's records"
printf '%s\n' "$val"
# the prose under the table is wrapped: joined for the matches
one=$(printf '%s\n' "$val" | sed -n '/^transfer term/,$p' | tr '\n' ' ')
expect_match "single-ref" "$val" '^single-ref +same +1\.00 +0 +\+5\.50 +1\.00 +\+5\.50 +0\.30 +\+0\* +5\.50$'
expect_match "two-refs" "$val" '^two-refs +smt +2\.00 +0 +\+11\.00 +2\.01 +\+16\.50 +2\.00 +\+50 +8\.25$'
expect_match "ref-cold" "$val" '^ref-cold +package +1\.00 +1 +\+5\.50 +1\.00 +\+5\.00 +6\.00 +-9\* +5\.00$'
# probe: a round trip of 2 transfers, 44 ns, against 2 x 20 = 40: +10 %
expect_match "head" "$val" '^pattern +place +atom +xa +pred +\+- +meas +\+- +err% +meas/a$'
expect_match "probe" "$one" '^transfer term, smt: bare mailbox round trip 44\.0 ns, predicted 2 x xfer = 40\.0 ns \(\+10 %\) within '
expect_match "summary" "$one" ' within \+-25 %: 2, outside: 1, predicted 0 ns: 0; inside the measured CI \(\*\): 2 of 3 calibrated '
[ "$(printf '%s\n' "$val" | awk 'length > 72')" = "" ] || fail "validation wider than 72 columns"
md=$(awk -v costs="$T/costs.tsv" -v fmt=md -f "$C/model.awk" -f "$C/validate.awk" "$T/handoff.tsv" |
	"$TBL" -m) || fail "validate.awk -v fmt=md | aiob-table -m failed"
expect_match "markdown head" "$md" '^\| pattern \| placement \| atomics \|.*\| measured Δns per atomic \|$'
expect_match "markdown row" "$md" '^\| two-refs \| smt \| 2\.00 \| 0 \| \+11\.00 \| 2\.01 \| \+16\.50 \| 2\.00 \| \+50 \| 8\.25 \|$'

# runs.awk: two runs -> means; t(0.975, 1) = 12.706, sd of {7, 9} = sqrt(2):
# ns 8 +- 12.706 * sqrt(2) / sqrt(2) = 12.706; delta {2, 4}: 3 +- 12.706;
# plain ns {5, 6}: 5.5 +- 12.706 * 0.7071 / 1.4142 = 6.353; dropped summed.
tsv '# h' 'plain same same-pu 0 5 0.1 0 0 100 1' 'x same same-pu 1 7 0.1 2 0.2 100 2' >"$T/r1"
tsv '# h' 'plain same same-pu 0 6 0.1 0 0 100 0' 'x same same-pu 1 9 0.1 4 0.2 100 3' >"$T/r2"
expect_eq "runs.awk" "$(awk -f "$C/runs.awk" "$T/r1" "$T/r2")" "$(tsv '# h' \
	'plain same same-pu 0.000 5.500 6.353 0.000 0.000 2 1' \
	'x same same-pu 1.000 8.000 12.706 3.000 12.706 2 5')"
expect_eq "runs.awk, one run" "$(awk -f "$C/runs.awk" "$T/r1" | tail -n 1)" \
	"$(tsv 'x same same-pu 1.000 7.000 0.100 2.000 0.200 1 2')"
echo "model arithmetic as worked out by hand"
