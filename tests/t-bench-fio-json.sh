#!/bin/sh
# tier: quick
# fio-json turns fio's JSON into result lines with fio's own numbers: a
# stored fio 3.33 sample (bench/fio/sample-2jobs.json: a libaio QD4
# randread job and an io_uring QD1 randwrite job) converts to exactly
# these values, and failed jobs, jobs without I/O and garbage are errors.
. "$(dirname "$0")/lib.sh"
FJ=$TOP/build/guest/fio-json
S=$TOP/bench/fio/sample-2jobs.json
[ -x "$FJ" ] || fail "no $FJ (make tools)"

"$FJ" -c pu:0 "$S" >"$T/out" 2>"$T/err" || fail "conversion failed: $(cat "$T/err")"
expect_eq "result lines" "$(wc -l <"$T/out")" 2
# aiob-rec reads records; a result line becomes one with a run id
sed 's/^{/{"run_id":"t",/' "$T/out" >"$T/rec.jsonl"
f=params.engine,params.rw,params.qd,params.bs,metrics.iops,metrics.ns_per_op,metrics.ops,metrics.runtime_ms
f=$f,metrics.lat_p50_ns,metrics.lat_p90_ns,metrics.lat_p99_9_ns,metrics.clat_mean_ns,binding.submit.spec
expect_eq "read job" "$(field "$T/rec.jsonl" "$f" | sed -n 1p | tr '\t' ' ')" \
	"libaio randread 4 4096 230769.231 4333.333 3000 13 12608 14400 160768 16390.198 pu:0"
expect_eq "write job" "$(field "$T/rec.jsonl" "$f" | sed -n 2p | tr '\t' ' ')" \
	"io_uring randwrite 1 4096 100000.000 10000.000 2000 20 4704 13248 115200 8516.129 pu:0"
expect_match "topology" "$(field "$T/rec.jsonl" topology | sed -n 1p)" '^[0-9]+ package, [0-9]+ core'
# the same from stdin
"$FJ" -c pu:0 <"$S" | cmp -s - "$T/out" || fail "stdin and file input convert differently"

# a failed fio job is an error
sed '0,/"error" : 0/s//"error" : 5/' "$S" >"$T/err.json"
if "$FJ" "$T/err.json" >/dev/null 2>"$T/e"; then fail "job error accepted"; fi
expect_match "error message" "$(cat "$T/e")" 'failed: error 5'
# a job that did no I/O is an error
sed 's/"total_ios" : [0-9]*/"total_ios" : 0/' "$S" >"$T/noio.json"
if "$FJ" "$T/noio.json" >/dev/null 2>&1; then fail "job without I/O accepted"; fi
# not JSON, or JSON without jobs
echo 'fio: some error text' >"$T/bad"
if "$FJ" "$T/bad" >/dev/null 2>&1; then fail "non-JSON accepted"; fi
echo '{"fio version": "x"}' >"$T/nojobs"
if "$FJ" "$T/nojobs" >/dev/null 2>&1; then fail "JSON without jobs accepted"; fi
exit 0
