#!/bin/sh
# bisect/report.sh - the plain-text report of a bisect (bisect/bisect.sh),
# 72 columns, lkp style: the first bad commit, the cell, the metric before
# and after with the exact delta, the per-function profile diff (when the
# bisect ran with -P), the steps, how to reproduce, the bisect log.
# Its tables are aiob-table's records (report/aiob-table.c lays them out
# with report/table.c's rules, like every report's tables).
#
# usage: bisect/report.sh results/bisect-<id>   (stdout)
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
[ $# -eq 1 ] && [ -r "$1/env" ] || die "usage: $0 results/bisect-<id>"
bs=${1%/}
. "$bs/env"
first=$(cat "$bs/first-bad" 2>/dev/null || true)
short() { git -C "$src" rev-parse "$1" | cut -c1-12; }
# val <commit>: the metric measured at <commit> (steps.tsv), else empty
val() { awk -F '\t' -v c="$(short "$1")" '$1 == c && $3 != "-" { v = $3 } END { print v }' "$bs/steps.tsv"; }
unit=$metric
[ "$metric" = ns_per_op ] && unit="instructions/I/O"
TBL=${AIOB_TABLE:-$TOP/build/host/aiob-table}
[ -x "$TBL" ] || die "no $TBL (make tools)"
# tbl: aiob-table's records on stdin, laid out
tbl() { "$TBL" || die "aiob-table failed on the report's records"; }
rule() { printf '%s\n' "------------------------------------------------------------------------"; }
wrap() { fold -s -w 72 | sed 's/ *$//'; }

echo "aiorefbench bisect ${id#bisect-}: $cell" | wrap
rule
if [ -n "$first" ]; then
	parent=$(git -C "$src" rev-parse "$first^")
	git -C "$src" log -1 --format="first bad commit: $(short "$first")%n  %s%n  author: %an <%ae>%n  date:   %ad" \
		--date=format:'%Y-%m-%d %H:%M:%S %z' "$first" | wrap
	a=$(val "$parent") b=$(val "$first") an="parent $(short "$parent")"
	[ -n "$a" ] || { a=$(val "$good") an="GOOD $(short "$good") (parent not booted)"; }
	echo
	printf 'metric %s (%s), %s boot(s) per commit:\n' "$metric" "$unit" "$reps" | wrap
	printf 'table\t2\t0\nhead\t<commit\t%s\nrow\t%s\t%s\nrow\t%s\t%s\n' "$metric" \
		"$an" "$a" "first bad $(short "$first")" "$b" | tbl
	awk -v a="$a" -v b="$b" -v u="$unit" 'BEGIN {
		printf "  change: %+.3f %s, %+.2f %%\n", b - a, u, 100 * (b / a - 1) }'
else
	echo "no single first bad commit: $(grep -E 'only skipped|could be any of' "$bs/bisect-run.log" 2>/dev/null | head -n1 || echo "see bisect-run.log")" | wrap
	grep -E '^[0-9a-f]{40}$' "$bs/bisect-run.log" 2>/dev/null | while read -r c; do
		echo "  $(short "$c") $(git -C "$src" log -1 --format=%s "$c")" | cut -c1-72
	done
fi
echo
{
	echo "cell: $cell (icount: virtual ns = guest instructions)"
	echo "control: ${control:-none}"
	echo "judged by: build/host/aiob-cmp gate $gateopt -t $threshold -m $metric against GOOD $(short "$good") ($([ "$reps" -gt 1 ] && echo "$reps boots, statistics" || echo "exact cell, one boot"))"
} | wrap
n=$(git -C "$src" rev-list --count "$good..$bad")
boots=$(ls "$bs/runs" 2>/dev/null | wc -l)
echo "range: $n commits; $(($(wc -l <"$bs/steps.tsv") - 2)) bisect step(s), $(grep -c '	skip	' "$bs/steps.tsv" || true) skipped; $boots kernels booted (GOOD, BAD, steps); bisect wall time $(awk '{ printf "%d min %02d s", $1 / 60, $1 % 60 }' "$bs/seconds")" | wrap
if [ -s "$bs/unsatisfied" ]; then
	echo
	echo "config fragments these commits cannot satisfy (skipped):"
	awk -F '\t' '{ printf "  %s %s\n", $1, $2 }' "$bs/unsatisfied" | wrap
fi

echo
rule
pc=$(cat "$bs/profile-cell" 2>/dev/null || true)
# the profile's one scheme: the first bad commit, against its parent
diff=$(ls "$bs/profile/$pc/diff/"*.tsv 2>/dev/null | head -n1)
if [ -n "$first" ] && [ -n "$pc" ] && [ -n "$diff" ]; then
	echo "per-function profile, first bad - parent, per I/O (cell $pc):" | wrap
	# func ref_insns insns d_insns d_atomics d_loads d_stores d_entries aio
	# d_xfers d_xfer_atomics, by |delta| (profile/report.sh)
	awk -F '\t' 'function a(x) { return x < 0 ? -x : x }
		BEGIN { print "table\t7\t0"; print "head\t<function\tparent\tdelta\tatomic\tloads\tstores\txfers" }
		NR > 1 && n < 12 && a($4) + a($5) + a($10) >= 0.005 { n++
		printf "row\t%s\t%.2f\t%+.2f\t%+.2f\t%+.2f\t%+.2f\t%+.2f\n", $1, $2, $4, $5, $6, $7, $10 }' "$diff" | tbl
	awk -F '\t' 'NR > 1 { i += $4; a += $5; x += $10 } END {
		printf "  sum: %+.2f instructions, %+.2f atomics, %+.2f line transfers\n", i, a, x }' "$diff"
	echo "  (moves under 0.005 left out; every function:"
	echo "  ${bs#$TOP/}/profile/$pc/diff/)" | wrap
else
	echo "per-function profile: not run (make bisect ... PROFILE=1)"
fi

echo
rule
echo "steps (commit, verdict, $metric, build s, boot s, why):"
awk -F '\t' -v m="$metric" 'BEGIN { OFS = "\t"; print "table", 6, 0
	print "head", "<commit", "<verdict", m, "build s", "boot s", "<why" }
	{ print "row", $1, $2, $3, $4, $5, $6 }' "$bs/steps.tsv" | tbl
echo
echo "reproduce (the bisect; the first bad commit alone, with its profile):"
# cmd <command>: folded to 72 columns, continuation lines indented
cmd() { echo "$1" | fold -s -w 66 | sed '1s/^/  /; 2,$s/^/      /'; }
args="CELL=$cell METRIC=$metric THRESHOLD=$threshold REPS=$reps${control:+ CONTROL=$control}"
cmd "make bisect KSRC=$src GOOD=$(short "$good") BAD=$(short "$bad") $args"
[ -z "$first" ] || cmd "make bisect KSRC=$src GOOD=$(short "$first")^ BAD=$(short "$first") $args PROFILE=1"
echo
echo "bisect log:"
sed 's/^/  /' "$bs/bisect.log" | cut -c1-72
