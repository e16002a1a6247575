#!/bin/sh
# bisect/step.sh - one `git bisect run` step: build the checked-out
# commit's bench kernel, boot the cell in icount mode, judge it against
# the GOOD commit's measurement with the project's gate.
#
# usage: bisect/step.sh <results/bisect-id dir>   (bisect/bisect.sh runs it)
#
# Exit: 0 good (the gate: no regression beyond THRESHOLD), 1 bad, 125
# skip (the commit does not build, cannot satisfy the config fragments,
# does not boot or deliver the cell, or the gate cannot tell: a control
# moved, a possible regression), 255 stop the bisect (a broken set-up).
# Each commit adds a line to <dir>/steps.tsv: commit, verdict, value,
# build and boot seconds, why.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
[ $# -eq 1 ] && [ -r "$1/env" ] || { say "usage: $0 <results/bisect-id dir>"; exit 255; }
bs=$1
. "$bs/env"
. "$TOP/bisect/lib.sh"

c=$(git -C "$src" rev-parse HEAD)
k=$(bs_kname "$c")
step() {	# step <verdict> <value> <why> <exit>
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(echo "$c" | cut -c1-12)" "$1" "${2:--}" \
		"$tb" "$(( $(date +%s) - t1 ))" "$3" >>"$bs/steps.tsv"
	say "$(git -C "$src" log -1 --format='%h %s' "$c"): $1${2:+ ($metric $2)}${3:+: $3}"
	exit "$4"
}
t0=$(date +%s) tb=0 t1=$t0
rc=0
bs_image "$c" >>"$bs/build.log" 2>&1 || rc=$?
tb=$(( $(date +%s) - t0 )) t1=$(date +%s)
case $rc in
0) ;;
2) step skip "" "config fragments not satisfiable: $(grep "^$(echo "$c" | cut -c1-12)" "$bs/unsatisfied" | cut -f2 | tail -n1)" 125 ;;
*) step skip "" "does not build ($(grep -E 'error' "$src/.aiob-bisect-$cfg/build.log" 2>/dev/null | head -n1 | cut -c1-120))" 125 ;;
esac
bs_measure "$c" >>"$bs/boot.log" 2>&1 || step skip "" "bench/run.sh failed (see boot.log)" 125
v=$(bs_value "$k")
bs_booted "$k" && [ -n "$v" ] || step skip "$v" "a boot failed or gave no result" 125
rc=0
bs_gate "$c" || rc=$?
why=$(grep -E '^(REGRESSION|POSSIBLE|CONTROL MOVED|UNTESTED|UNTESTABLE|FAILED)' "$bs/gate/$k.txt" | head -n1 | cut -c1-160)
case $rc in
0) step good "$v" "" 0 ;;
1) step bad "$v" "$why" 1 ;;
125) step skip "$v" "gate cannot tell: $why" 125 ;;
*) step stop "$v" "aiob-cmp gate exit $rc: $(tail -n1 "$bs/gate/$k.txt")" 255 ;;
esac
