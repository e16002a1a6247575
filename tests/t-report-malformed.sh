#!/bin/sh
# Malformed records are rejected by every aiob-cmp command with an error
# naming file and line (exit 2), never a crash or a silent skip.
. "$(dirname "$0")/lib.sh"
[ -x "$CMP" ] || fail "no $CMP (make host-san)"

"$TOP/report/synth.sh" two-refs c/mode=icount 100 101 >"$T/good.jsonl"
# bad <name> <line 3 of the file> <expected error regex>
bad() {
	{ cat "$T/good.jsonl"; printf '%s\n' "$2"; cat "$T/good.jsonl"; } >"$T/$1.jsonl"
	for cmd in compare report gate tsv; do
		"$CMP" $cmd "$T/$1.jsonl" >"$T/out" 2>"$T/err" && fail "$1: $cmd accepted it"
		rc=$?
		[ $rc -eq 2 ] || fail "$1: $cmd exit $rc (crash?): $(cat "$T/err")"
		expect_match "$1 ($cmd)" "$(cat "$T/err")" "$1\.jsonl:3: $3"
	done
}
bad truncated '{"run_id":"r","workload":"w","metrics":{"ns_per_op":1' 'not a JSON record'
bad array '[1,2]' 'record is not a JSON object'
bad noscheme '{"run_id":"r","workload":"w","cell":"c","mode":"icount","ok":true,"metrics":{}}' 'record without scheme'
bad nook '{"run_id":"r","workload":"w","cell":"c","scheme":"s","mode":"icount","metrics":{}}' 'record without a boolean "ok"'
bad nometrics '{"run_id":"r","workload":"w","cell":"c","scheme":"s","mode":"icount","ok":true}' 'ok record without a metrics object'
bad strmetric '{"run_id":"r","workload":"w","cell":"c","scheme":"s","mode":"icount","ok":true,"metrics":{"ns_per_op":"fast"}}' 'metrics.ns_per_op is not a number'
bad nocell '{"run_id":"r","workload":"w","scheme":"s","mode":"icount","ok":true,"metrics":{}}' 'record without cell'

# a bad file among merged runs is named; a missing input too; no records
mkdir -p "$T/runs/a" "$T/runs/b"
cp "$T/good.jsonl" "$T/runs/a/records.jsonl"
cp "$T/truncated.jsonl" "$T/runs/b/records.jsonl"
"$CMP" compare "$T/runs" >/dev/null 2>"$T/err" && fail "merged runs with a bad file accepted"
expect_match "merged" "$(cat "$T/err")" 'runs/b/records\.jsonl:3: not a JSON record'
"$CMP" compare "$T/nosuch" >/dev/null 2>"$T/err" && fail "missing input accepted"
expect_match "missing" "$(cat "$T/err")" 'nosuch: No such file'
: >"$T/empty.jsonl"
"$CMP" report "$T/empty.jsonl" >/dev/null 2>"$T/err" && fail "no records accepted"
expect_match "empty" "$(cat "$T/err")" 'no records'
# the good file itself passes
"$CMP" compare "$T/good.jsonl" >/dev/null || fail "good records rejected"
