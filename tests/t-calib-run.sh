#!/bin/sh
# A short `make calibrate` (calib/calibrate.sh, 30 batches of 0.05 ms)
# writes a machine profile with every field: positive finite costs,
# ci95_lo <= mean <= ci95_hi, one level per distinct hwloc distance of
# this machine, costs.tsv agreeing with machine.json, topology.xml; and
# it leaves results/calib-latest alone.  No timing target.
. "$(dirname "$0")/lib.sh"
[ -x "$TOP/build/host/aiob-calib" ] || fail "no build/host/aiob-calib (make tools)"
command -v jq >/dev/null || fail "no jq (make deps)"
latest=$(readlink "$AIOB_RESULTS/calib-latest" 2>/dev/null || echo none)
out=$AIOB_RESULTS/calib-t-$$
trap 'rm -rf "$T" "$out"' EXIT
nice "$TOP/calib/calibrate.sh" -n 30 -m 0.05 -o "$out" >"$T/log" 2>&1 ||
	fail "calibrate.sh failed: $(tail -n 5 "$T/log")"
cat "$T/log"
expect_eq "results/calib-latest" "$(readlink "$AIOB_RESULTS/calib-latest" 2>/dev/null || echo none)" "$latest"
j=$out/machine.json
[ -r "$j" ] && [ -r "$out/costs.tsv" ] && [ -r "$out/calibrate.txt" ] || fail "missing output in $out"
grep -q '<topology' "$out/topology.xml" || fail "topology.xml is not an hwloc topology"
[ ! -e "$out.tmp" ] || fail "$out.tmp left behind"

q() { jq -r "$1" "$j" || fail "jq '$1' failed on $j"; }
expect_eq schema "$(q .schema)" "aiob-machine 1"
for k in host date cpu_model arch kernel topology.hwloc_api_version topology.synthetic \
	topology.xml ci; do
	v=$(q ".$k | strings")
	[ -n "$v" ] || fail "$k: not a non-empty string"
done
expect_match date "$(q .date)" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$'
expect_match hypervisor "$(q .hypervisor)" '^(true|false)$'
for k in packages cores pus numa; do
	expect_match "topology.$k" "$(q ".topology.$k")" '^[1-9][0-9]*$'
done
expect_eq "topology.pus" "$(q .topology.pus)" "$(hwloc-calc --number-of pu machine:0 2>/dev/null || q .topology.pus)"
expect_eq batches "$(q .batches)" 30
expect_match pus_used "$(q '.pus_used | length')" '^[1-9]'

# est <path>: an estimate object with sane numbers (jq prints the offence)
est() {
	bad=$(jq -r --arg p "$1" --argjson pos "$2" 'getpath($p | split(".")) as $e |
		if ($e | type) != "object" then "not an object"
		elif ([$e.mean, $e.sd, $e.ci95_lo, $e.ci95_hi, $e.median, $e.min] |
			map(type == "number" and isinfinite | not) | all | not) then "a field is missing or not finite"
		elif ($e.n | type) != "number" or $e.n < 2 then "n < 2"
		elif ($e.dropped | type) != "number" then "no dropped"
		elif $e.ci95_lo > $e.mean or $e.mean > $e.ci95_hi then "CI does not hold the mean"
		elif $e.sd < 0 then "negative sd"
		elif $pos and $e.mean <= 0 then "mean not positive"
		else empty end' "$j") || fail "jq failed on $1"
	[ -z "$bad" ] || fail "$1: $bad: $(jq -c --arg p "$1" 'getpath($p | split("."))' "$j")"
}
est costs_ns.insn true
est costs_ns.atomic true
est costs_ns.atomic_overlap false	# a difference: may be ~0 on few batches

# one level per distinct distance between PU 0 and the others
npu=$(q .topology.pus)
nlev=$(q '.levels | length')
if [ "$npu" -lt 2 ]; then
	expect_eq "levels on one PU" "$nlev" 0
else
	[ "$nlev" -ge 1 ] || fail "$npu PUs but no distance level"
	expect_eq "distinct level names" "$(q '.levels | map(.name) | unique | length')" "$nlev"
fi
i=0
while [ $i -lt "$nlev" ]; do
	expect_match "level $i name" "$(q ".levels[$i].name")" '^(smt|shared-L[0-9]|package|machine|[A-Za-z]+)$'
	[ "$(q ".levels[$i].pu_a")" != "$(q ".levels[$i].pu_b")" ] || fail "level $i: one PU"
	for t in xfer xfer_atomic; do
		bad=$(jq -r --argjson i $i --arg t $t '.levels[$i][$t] as $e |
			if ($e.mean | type) != "number" or $e.mean <= 0 then "mean not positive"
			elif $e.ci95_lo > $e.mean or $e.mean > $e.ci95_hi then "CI does not hold the mean"
			else empty end' "$j")
		[ -z "$bad" ] || fail "level $i $t: $bad"
	done
	i=$((i + 1))
done

# costs.tsv says what machine.json says (costs.tsv has 4 decimals)
awk -F'\t' '!/^#/ { print $1 " " $2, $3 }' "$out/costs.tsv" | sort >"$T/tsv"
jq -r '(.costs_ns | to_entries[] | "\(.key) -\t\(.value.mean)"),
	(.levels[] | "xfer \(.name)\t\(.xfer.mean)", "xfer_atomic \(.name)\t\(.xfer_atomic.mean)")' \
	"$j" | tr '\t' ' ' | awk '{ print $1 " " $2, $3 }' | sort >"$T/json"
expect_eq "terms in costs.tsv and machine.json" "$(cut -d' ' -f1,2 "$T/tsv")" "$(cut -d' ' -f1,2 "$T/json")"
paste -d' ' "$T/tsv" "$T/json" | awk '{ d = $3 - $6; if (d > 0.0001 || d < -0.0001) {
	print $1 " " $2 ": " $3 " in costs.tsv, " $6 " in machine.json"; bad = 1 } } END { exit bad }' \
	>"$T/why" || fail "$(cat "$T/why")"
echo "machine profile complete: $(wc -l <"$T/tsv") terms, $nlev levels"
