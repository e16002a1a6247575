#!/bin/sh
# tier: quick
# report/ reads what the schema put in the records, never the cell id
# string: cells are labelled from cell_keys{} in cell_id_keys[] order
# (the id is only compared whole), a metric's direction comes from
# better{} (a metric declared "higher" flips the gate's verdict; a metric
# without one is not judged: gate 125, UNJUDGED), a cell is a control
# because its record says "control": true (not because its name says
# uring).  Records written before the schema still load, with a warning.
# And bench/matrix.sh writes those fields for the records (-a).
. "$(dirname "$0")/lib.sh"
S=$TOP/report/synth.sh
[ -x "$CMP" ] || fail "no $CMP (make host-san)"

# rename <file> <from> <to>: the cell id string, nothing else
rename() { sed -i "s|\"cell\":\"$2\"|\"cell\":\"$3\"|" "$T/$1"; }

# --- labels: opaque ids, keys from cell_keys{} ---
{
	for q in 1 32; do
		$S two-refs job/mode=icount/qd=$q 5000 5000
		$S single-ref job/mode=icount/qd=$q 4900 4900
	done
} >"$T/lab.jsonl"
rename lab.jsonl job/mode=icount/qd=1 opaque-a
rename lab.jsonl job/mode=icount/qd=32 opaque-b
mkdir -p "$T/rep"
"$CMP" report -o "$T/rep" "$T/lab.jsonl" >"$T/out" 2>&1 || fail "report: $(cat "$T/out")"
out=$(cat "$T/rep/report.txt")
expect_match "row qd=1 from cell_keys" "$out" '^qd=1 '
expect_match "row qd=32 from cell_keys" "$out" '^qd=32 '
printf '%s\n' "$out" | grep -q opaque && fail "a label shows the cell id: $out"
"$CMP" tsv "$T/lab.jsonl" >"$T/tsv" || fail "tsv"
col=$(head -n 1 "$T/tsv" | tr '\t' '\n' | grep -nx series | cut -d: -f1)
[ -n "$col" ] || fail "no series column in aiob-cmp tsv"
expect_eq "series: no qd, mode or device" "$(sed 1d "$T/tsv" | cut -f "$col" | sort -u)" job

# --- direction from better{} ---
gen() {	# gen <file> <better of ns_per_op>: +5 % for single-ref
	{ $S two-refs c/mode=icount 1000 1000 1000 1000
	  $S single-ref c/mode=icount 1050 1050 1050 1050; } >"$T/$1"
	case $2 in
	-) sed -i 's/"better":{[^}]*},//' "$T/$1" ;;
	*) sed -i "s/\"better\":{\"ns_per_op\":\"lower\"/\"better\":{\"ns_per_op\":\"$2\"/" "$T/$1" ;;
	esac
}
gate_rc() { "$CMP" gate -m ns_per_op "$T/$1" >"$T/out" 2>&1 && echo 0 || echo $?; }
gen lower.jsonl lower
expect_eq "lower is better: +5 % is a regression" "$(gate_rc lower.jsonl)" 1
gen higher.jsonl higher
grep -q '"ns_per_op":"higher"' "$T/higher.jsonl" || fail "could not declare higher"
expect_eq "higher is better: +5 % is no regression" "$(gate_rc higher.jsonl)" 0
gen none.jsonl none
expect_eq "no direction: cannot decide" "$(gate_rc none.jsonl)" 125
expect_match "said why" "$(cat "$T/out")" '^UNJUDGED ns_per_op'
gen legacy.jsonl -
grep -q '"better"' "$T/legacy.jsonl" && fail "better{} not removed"
expect_eq "records before the schema: cannot decide" "$(gate_rc legacy.jsonl)" 125
expect_match "legacy warned" "$(cat "$T/out")" 'without better[{][}] [(]written before'
# two records that disagree on a metric's direction are not compared
gen mixed.jsonl lower
sed -i '$s/"ns_per_op":"lower"/"ns_per_op":"higher"/' "$T/mixed.jsonl"
expect_eq "disagreeing directions" "$(gate_rc mixed.jsonl)" 2
expect_match "named" "$(cat "$T/out")" 'mixed.jsonl:8: metrics.ns_per_op: higher is better here, lower'
sed 's/"better":{"ns_per_op":"lower"/"better":{"ns_per_op":"up"/' "$T/lower.jsonl" >"$T/bad.jsonl"
expect_eq "bad direction" "$(gate_rc bad.jsonl)" 2
expect_match "named" "$(cat "$T/out")" 'better.ns_per_op is not "lower", "higher" or "none"'
sed 's/"cell_id_keys":\["mode"\]/"cell_id_keys":["nosuch"]/' "$T/lower.jsonl" >"$T/bad.jsonl"
expect_eq "id key not in cell_keys" "$(gate_rc bad.jsonl)" 2

# --- control from the record, not the name ---
{ $S two-refs uring-x/mode=icount 1000 1000 1000
  $S single-ref uring-x/mode=icount 1100 1100 1100; } >"$T/ctl.jsonl"
expect_eq "a uring name is not a control" "$(gate_rc ctl.jsonl)" 1
sed -i 's/"control":false/"control":true/' "$T/ctl.jsonl"
expect_eq "control: true is" "$(gate_rc ctl.jsonl)" 125
expect_match "control moved" "$(cat "$T/out")" '^CONTROL MOVED uring-x'

# --- the matrix writes them ---
printf '[j]\nbench = aio-rw\ndevice = nullb\nqd = 1 32\nops = 100\n[u]\nbench = uring-rw\ndevice = nullb\n' >"$T/m.conf"
"$TOP/bench/matrix.sh" -a "$T/args" "$T/m.conf" >/dev/null || fail "matrix.sh"
a=$(grep '^j/mode=icount/device=nullb/qd=32	' "$T/args")
expect_match "id keys in id order" "$a" "-a 'cell_id_keys=mode,device,qd'"
expect_match "cell_keys: the id's first" "$a" "-s 'cell_keys.mode=icount' -s 'cell_keys.device=nullb' -n 'cell_keys.qd=32' "
expect_match "better from common.meta" "$a" "-s 'better.iops=higher'"
expect_match "control of uring-rw" "$(grep '^u/' "$T/args")" '-b control=true'
exit 0
