#!/bin/sh
# tier: quick
# bisect/report.sh on a made-up bisect directory (no build, no boot): a
# three-commit repository, steps.tsv, a profile diff.  The report names
# the first bad commit, its metric before and after with the exact change,
# the profile diff and the steps as aiob-table's tables (aligned columns,
# no line over 72 columns).  Run time: 1-3 s.
. "$(dirname "$0")/lib.sh"
TAB=$(printf '\t')
tsv() { printf '%s\n' "$@" | tr '|' "$TAB"; }
L=$T/linux
git init -q "$L" && git -C "$L" config user.name "T Report" &&
	git -C "$L" config user.email t@report || fail "git init failed"
for s in base "aio: tidy" "aio: check the iocb twice"; do
	git -C "$L" commit -q --allow-empty -m "$s" || fail "git commit failed"
done
c() { git -C "$L" rev-parse "HEAD~$1"; }
s() { c "$1" | cut -c1-12; }
bs=$T/bisect-t
mkdir -p "$bs/runs/k1" "$bs/runs/k2" "$bs/profile/poll/diff"
cat >"$bs/env" <<EOF
src='$L' id=bisect-t good=$(c 2) bad=$(c 0) metric=ns_per_op threshold=0.2
reps=1 gateopt=-x cell='poll' control=''
EOF
c 0 >"$bs/first-bad"
echo poll >"$bs/profile-cell"
echo 125 >"$bs/seconds"
echo "git bisect start" >"$bs/bisect.log"
tsv "$(s 2)|good|1700.5|-|-|GOOD" "$(s 0)|bad|1712.25|-|-|BAD" \
	"$(s 1)|good|1700.5|31|9|gate=0: within the threshold of GOOD, a reason long enough to wrap" \
	>"$bs/steps.tsv"
tsv 'func|ref_insns|insns|d_insns|d_atomics|d_loads|d_stores|d_entries|aio|d_xfers|d_xfer_atomics' \
	'io_submit_one|120|131.5|11.5|0|3|2|0|1|0|0' \
	'a_function_name_longer_than_the_column|40|39.25|-0.75|0|0|0|0|0|0|0' \
	'unmoved|10|10|0|0|0|0|0|0|0|0' >"$bs/profile/poll/s1.tsv"
mv "$bs/profile/poll/s1.tsv" "$bs/profile/poll/diff/"
"$TOP/bisect/report.sh" "$bs" >"$T/report.txt" || fail "bisect/report.sh failed"
cat "$T/report.txt"
r=$T/report.txt
grep -q "^first bad commit: $(s 0)$" "$r" || fail "the report does not name the first bad commit"
grep -q '^  aio: check the iocb twice$' "$r" || fail "no subject"
grep -q '^  author: T Report <t@report>$' "$r" || fail "no author"
# the metric table: a head, then parent and first bad, values aligned
expect_match "metric head" "$(grep -A3 '^metric ns_per_op' "$r" | sed -n 2p)" '^commit +ns_per_op$'
expect_match "parent row" "$(grep "^parent $(s 1)" "$r")" "^parent $(s 1) +1700\.5$"
expect_match "first bad row" "$(grep "^first bad $(s 0)" "$r")" "^first bad $(s 0) +1712\.25$"
expect_eq "metric column aligned" "$(grep -A3 '^metric ns_per_op' "$r" | tail -n3 | awk '{ print length }' | sort -u)" \
	"$(grep "^commit  *ns_per_op" "$r" | awk '{ print length }')"
expect_eq "change" "$(grep 'change:' "$r")" "  change: +11.750 instructions/I/O, +0.69 %"
# the profile diff: rows over 0.005 only, the full name (wrapped if long)
expect_match "diff head" "$(grep '^function ' "$r")" '^function +parent +delta +atomic +loads +stores +xfers$'
expect_match "diff row" "$(grep '^io_submit_one ' "$r")" '^io_submit_one +120\.00 +\+11\.50 +\+0\.00 +\+3\.00 +\+2\.00 +\+0\.00$'
grep -q 'a_function_name_longer_than_the_column' "$r" || fail "a long function name is cut"
grep -q '^unmoved' "$r" && fail "a function that did not move is listed"
expect_eq "sum" "$(grep 'sum:' "$r")" "  sum: +10.75 instructions, +0.00 atomics, +0.00 line transfers"
# the steps: every row, the reason wrapped under its column
expect_match "steps head" "$(grep '^commit  *verdict' "$r")" '^commit +verdict +ns_per_op +build s +boot s +why$'
expect_match "GOOD step" "$(grep "^$(s 2) " "$r")" "^$(s 2) good +1700\.5 +- +- GOOD$"
expect_match "a step" "$(grep "^$(s 1) " "$r")" "^$(s 1) good +1700\.5 +31 +9 gate=0: within"
why=$(grep "^$(s 1) " "$r" | awk '{ print index($0, "gate=0") }')
expect_eq "the reason wraps under its column" \
	"$(grep -A1 "^$(s 1) " "$r" | tail -n1 | awk '{ match($0, /^ */); print RLENGTH + 1 }')" "$why"
awk 'length > 72 { exit 1 }' "$r" || fail "lines over 72 columns"
say "bisect/report.sh: the tables are aiob-table's"
