#!/bin/sh
# tier: quick
# Malformed records are rejected by every aiob-cmp command with an error
# naming file and line (exit 2), never a crash or a silent skip: every
# field is checked where it is read (type, finite, positive, integer
# range, required); minimal valid records (no binding, no params, the
# same rep twice) never crash.
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
bad array '[1,2]' 'not a JSON (record: not a JSON )?object'
bad noscheme '{"run_id":"r","workload":"w","cell":"c","mode":"icount","ok":true,"metrics":{}}' 'record without "scheme"'
bad nook '{"run_id":"r","workload":"w","cell":"c","scheme":"s","mode":"icount","metrics":{}}' 'record without "ok"'
bad nometrics '{"run_id":"r","workload":"w","cell":"c","scheme":"s","mode":"icount","rep":1,"ok":true}' 'ok record without a metrics object'
bad strmetric '{"run_id":"r","workload":"w","cell":"c","scheme":"s","mode":"icount","rep":1,"ok":true,"metrics":{"ns_per_op":"fast"}}' 'metrics.ns_per_op is not a number'
bad nocell '{"run_id":"r","workload":"w","scheme":"s","mode":"icount","ok":true,"metrics":{}}' 'record without "cell"'
# a record of cell c/mode=icount, scheme two-refs, rep 3, with field $1 (JSON)
r() { printf '{"run_id":"synth","workload":"c","cell":"c/mode=icount","scheme":"two-refs","mode":"icount","host":{"name":"synth-host"},%s}' "$1"; }
M='"rep":3,"ok":true,"metrics"'
bad nan "$(r "$M:{\"ns_per_op\":NaN}")" 'metrics\.ns_per_op: NaN is not a finite number'
bad inf "$(r "$M:{\"ns_per_op\":Infinity}")" 'metrics\.ns_per_op: .*not a finite number'
bad huge "$(r "$M:{\"ns_per_op\":1e999}")" 'metrics\.ns_per_op: .*not a finite number'
bad zero "$(r "$M:{\"ns_per_op\":0}")" 'metrics\.ns_per_op: 0 is not positive'
bad negative "$(r "$M:{\"ns_per_op\":-5}")" 'metrics\.ns_per_op: -5 is not positive'
bad range "$(r "$M:{\"ns_per_op\":1e300}")" 'metrics\.ns_per_op: 1e\+?300 is out of range'
bad missing "$(r "$M:{\"iops\":5}")" 'metrics\.ns_per_op missing \(other reps of c/mode=icount have it\)'
bad norep "$(r '"ok":true,"metrics":{"ns_per_op":5}')" 'record without "rep"'
bad strrep "$(r '"rep":"3","ok":true,"metrics":{"ns_per_op":5}')" '"rep" is not an integer'
bad rep0 "$(r '"rep":0,"ok":true,"metrics":{"ns_per_op":5}')" '"rep": 0 is out of range \(1\.\.'
bad bigrep "$(r '"rep":99999999999999999999,"ok":true,"metrics":{"ns_per_op":5}')" '"rep": .* is out of range'
bad qd "$(r '"rep":3,"qd":-1,"ok":true,"metrics":{"ns_per_op":5}')" '"qd": -1 is out of range'
bad bs "$(r '"rep":3,"bs":1.5,"ok":true,"metrics":{"ns_per_op":5}')" '"bs" is not an integer'
bad mode '{"run_id":"r","workload":"w","cell":"c","scheme":"s","mode":"warp","rep":1,"ok":true,"metrics":{}}' 'mode "warp" is not icount, wall or host'
bad runid "$(r '"rep":3,"ok":true,"metrics":{"ns_per_op":5}' | sed 's/"synth"/7/')" '"run_id" is not a string'
bad params "$(r '"rep":3,"params":[1],"ok":true,"metrics":{"ns_per_op":5}')" '"params" is not an object'
bad binding "$(r '"rep":3,"binding":"pu:0","ok":true,"metrics":{"ns_per_op":5}')" '"binding" is not an object'
bad host "$(r '"rep":3,"host":"h","ok":true,"metrics":{"ns_per_op":5}')" '"host" is not an object'
bad control "$(r '"rep":3,"control":"yes","ok":true,"metrics":{"ns_per_op":5}')" '"control" is not a boolean'

# minimal valid records: no binding, no params, no host; the same rep
# twice in a cell (two result lines of one boot)
for s in two-refs single-ref; do
	for rep in 1 1 2 2; do
		printf '{"run_id":"m","workload":"w","cell":"w/mode=icount","scheme":"%s","mode":"icount","rep":%d,"ok":true,"metrics":{"ns_per_op":%d}}\n' \
			$s $rep $((100 + rep))
	done
done >"$T/min.jsonl"
for cmd in compare report gate tsv; do
	"$CMP" $cmd "$T/min.jsonl" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -eq 0 ] || [ $cmd = gate ] && [ $rc -ne 99 ] || fail "minimal records: $cmd exit $rc: $(cat "$T/err")"
done

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
