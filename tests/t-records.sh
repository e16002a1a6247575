#!/bin/sh
# tier: quick
# aiob-rec: a guest's framed result becomes records with provenance; every
# failure still yields a record with ok=false; corrupt records files are
# rejected naming file and line.
. "$(dirname "$0")/lib.sh"
[ -x "$REC" ] || fail "no $REC (make host-san)"

printf 'release=6.1.192-two-refs\ncommit=abc\npatch_ids=p1,p2\n' >"$T/info"
guest_result "$T/ok.txt"
"$REC" append -o "$T/r.jsonl" -r "$T/ok.txt" -i "$T/info" -s run_id=r1 -s scheme=two-refs -n qd=1 ||
	fail "append failed"
expect_eq "two records" "$(wc -l <"$T/r.jsonl")" 2
expect_eq "ok" "$(field "$T/r.jsonl" ok | sort -u)" true
expect_eq "provenance" "$(field "$T/r.jsonl" scheme,kernel.commit,qd,uname | sort -u)" \
	"$(printf 'two-refs\tabc\t1\t6.1.192-two-refs')"
expect_eq "metric" "$(field "$T/r.jsonl" metrics.ns_per_op | head -n1)" 5030.5
expect_match "patch ids" "$(head -n1 "$T/r.jsonl")" '"patch_ids":\["p1","p2"\]'

# wrong kernel booted -> ok=false
sed 's/two-refs$/single-ref/' "$T/ok.txt" >"$T/wrong.txt"
"$REC" append -o "$T/w.jsonl" -r "$T/wrong.txt" -i "$T/info" -s run_id=r1 || fail "append failed"
expect_eq "wrong kernel" "$(field "$T/w.jsonl" ok,error | sort -u)" \
	"$(printf 'false\tbooted a different kernel than the one named')"

# incomplete frame (guest died) -> one failed record, workload from -s
head -n 4 "$T/ok.txt" >"$T/cut.txt"
"$REC" append -o "$T/c.jsonl" -r "$T/cut.txt" -s run_id=r1 -s workload=aio-rw || fail "append failed"
expect_eq "incomplete" "$(field "$T/c.jsonl" ok,error | sort -u)" \
	"$(printf 'false\tguest result incomplete (crash or timeout)')"
# no result file at all, with the runner's reason
"$REC" append -o "$T/n.jsonl" -r "$T/none.txt" -s run_id=r1 -s workload=aio-rw -s "error=timeout" ||
	fail "append failed"
expect_eq "timeout" "$(field "$T/n.jsonl" ok,error)" "$(printf 'false\ttimeout')"
# kernel problems -> ok=false, lines kept
sed 's/^status 0$/K BUG: KASAN: use-after-free in aio_poll\nstatus 0/' "$T/ok.txt" >"$T/k.txt"
"$REC" append -o "$T/k.jsonl" -r "$T/k.txt" -s run_id=r1 || fail "append failed"
expect_eq "problems" "$(field "$T/k.jsonl" ok | sort -u)" false
expect_match "problem kept" "$(head -n1 "$T/k.jsonl")" 'use-after-free in aio_poll'

# check: good file passes; corrupt line named by file:line
"$REC" check "$T/r.jsonl" >/dev/null || fail "check rejects a good file"
cp "$T/r.jsonl" "$T/bad.jsonl"
echo '{"run_id":"r1","workload":"x","metrics":{"ns_per_op":1' >>"$T/bad.jsonl"
head -n1 "$T/r.jsonl" >>"$T/bad.jsonl"
if "$REC" check "$T/bad.jsonl" 2>"$T/err"; then fail "corrupt file accepted"; fi
expect_match "error names line" "$(cat "$T/err")" "bad.jsonl:3: not a JSON record"
echo '[1,2]' >"$T/arr.jsonl"
if "$REC" check "$T/arr.jsonl" 2>"$T/err"; then fail "non-object accepted"; fi
expect_match "non-object" "$(cat "$T/err")" "arr.jsonl:1: not a JSON record: not a JSON object"
# a directory of runs merges (records from several machines)
mkdir -p "$T/runs/a" "$T/runs/b"
cp "$T/r.jsonl" "$T/runs/a/records.jsonl"; cp "$T/w.jsonl" "$T/runs/b/records.jsonl"
expect_eq "merged" "$(field "$T/runs" scheme | wc -l)" 4
