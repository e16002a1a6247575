#!/bin/sh
# tier: quick
# The correctness verdict itself, on the host, without a guest: ck-run
# fails a program for a kernel problem in its log window, a timeout, a
# non-zero exit and a result with "ok": false, and passes a clean one;
# ck-report turns that into pass/FAIL cells, "caught" for a mutant that
# fails as its patch's Caught-by: lines declare (kernel <ERE>, hang,
# result), "MISCAUGHT" (exit 1) for one that fails otherwise, "SURVIVED"
# (exit 1) for a mutant that passes everything, and "FAILED" (exit 1) for
# a correct scheme that fails.
. "$(dirname "$0")/lib.sh"
RUN=$TOP/build/guest/ck-run
RPT=$TOP/build/host/ck-report
[ -x "$RUN" ] && [ -x "$RPT" ] && [ -x "$REC" ] || fail "no ck-run/ck-report/aiob-rec (make tools)"

log=$T/kernel.log
: >"$log"
prog() {	# prog <name> <shell body>
	printf '#!/bin/sh\n%s\n' "$2" >"$T/$1"
	chmod +x "$T/$1"
}
prog clean 'echo "{\"workload\":\"check-x\",\"ok\":true}"'
prog kasan "echo 'BUG: KASAN: use-after-free in io_cancel+0x1/0x2' >>$log
echo 'Read of size 8 at addr ffff888' >>$log
echo '{\"ok\":true}'"
prog benign "echo 'rcu: 	RCU lockdep checking is enabled.' >>$log
echo '{\"ok\":true}'"
prog wrong 'echo "{\"ok\":false,\"first_failure\":\"req 3 completed 2 times\"}"; exit 1'
prog exits 'echo "{\"ok\":true}"; exit 3'
prog hangs 'sleep 30'
prog silent 'exit 0'

cd "$T"
"$RUN" -T 2 -S 50 -k "$log" ./clean ./kasan ./benign ./wrong ./exits ./hangs ./silent \
	>"$T/out" 2>"$T/err" && fail "ck-run exited 0 although programs failed"
frame() {	# frame <out> <result.txt>: what the guest init would write
	{ echo "AIOB-BEGIN 1"; echo "uname x"; sed 's/^/R /' "$1"; echo "status 1"; echo "AIOB-END"; } >"$2"
}
frame "$T/out" "$T/result.txt"
"$REC" append -o "$T/rec.jsonl" -r "$T/result.txt" -s run_id=t -s kname=two-refs \
	-s mutant= -n rep=1 -s boot_dir=b1 -n boot_seconds=30 || fail "aiob-rec append"
v=$("$REC" tsv "$T/rec.jsonl" params.program,check.verdict | tr '\t\n' ': ')
expect_eq "verdicts" "$v" "clean:pass kasan:FAIL benign:pass wrong:FAIL exits:FAIL hangs:FAIL silent:FAIL "
r=$("$REC" tsv "$T/rec.jsonl" check.reason | sed -n 2p)
expect_eq "kasan reason" "$r" "kernel: BUG: KASAN: use-after-free in io_cancel+0x1/0x2"
expect_match "wrong reason" "$("$REC" tsv "$T/rec.jsonl" check.reason | sed -n 4p)" 'wrong result: req 3 completed 2 times'
expect_match "exit reason" "$("$REC" tsv "$T/rec.jsonl" check.reason | sed -n 5p)" 'exit status 3'
expect_match "hang reason" "$("$REC" tsv "$T/rec.jsonl" check.reason | sed -n 6p)" '^timeout'
expect_match "silent reason" "$("$REC" tsv "$T/rec.jsonl" check.reason | sed -n 7p)" 'no result line'
grep -q "aiob-check: end kasan FAIL" "$T/err" || fail "no end marker: $(cat "$T/err")"

# stderr: a program's own lines, and nothing for one that wrote none,
# however many programs ran before it (the record once carried stale
# heap bytes there: the buffer was reused and never terminated).
prog noisy 'echo "ck-noisy: phase: one" >&2; echo "{\"ok\":true}"'
"$RUN" -T 2 -S 50 -k "$log" ./clean ./noisy ./clean ./clean ./clean ./clean \
	>"$T/e.out" 2>/dev/null || fail "ck-run failed clean programs"
e=$(sed 's/.*"stderr":\(\[[^]]*\]\).*/\1/' "$T/e.out" | tr '\n' ' ')
expect_eq "stderr per program" "$e" '[] ["ck-noisy: phase: one"] [] [] [] [] '

# -F: nothing runs after a FAIL from the kernel (tainted), but after a
# plain wrong result it goes on.
"$RUN" -F -T 2 -S 50 -k "$log" ./wrong ./clean ./kasan ./clean >"$T/f.out" 2>/dev/null
expect_eq "-F stops after the kernel FAIL" "$(wc -l <"$T/f.out")" 3

# -W: a setting that leaves the CPU no time is refused; a stall injector
# that does not load (none on the host) FAILs the program, not run, and
# the record says which setting it claimed.
"$RUN" -W 5000:2500 -k "$log" ./clean >/dev/null 2>&1
expect_eq "-W stall >= period/2 refused" "$?" 2
"$RUN" -W 20000:4000 -T 2 -S 50 -k "$log" ./clean >"$T/w.out" 2>/dev/null &&
	fail "ck-run -W passed without a stall injector"
frame "$T/w.out" "$T/w.txt"
"$REC" append -o "$T/w.jsonl" -r "$T/w.txt" -s run_id=t -s kname=two-refs \
	-s mutant= -n rep=1 -s boot_dir=b1 -n boot_seconds=30 || fail "aiob-rec append -W"
expect_match "-W reason" "$("$REC" tsv "$T/w.jsonl" check.reason | sed -n 1p)" 'aiob-stall.ko: .*no stall injector'
expect_eq "-W setting recorded" "$("$REC" tsv "$T/w.jsonl" params.stall.period_ns,params.stall.stall_ns)" "20000	4000"

# ck-report: a correct scheme that fails -> exit 1, excerpt written.
mkdir -p "$T/b1" "$T/b2" "$T/b3"
"$RPT" -C "$T" "$T/rec.jsonl" >"$T/table" && fail "ck-report passed a failing correct scheme"
grep -Eq "^two-refs #1 +FAILED " "$T/table" || fail "table: $(cat "$T/table")"
w=$(awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }' "$T/table")
[ "$w" -le 72 ] || fail "table is $w columns wide: $(cat "$T/table")"
grep -q "use-after-free in io_cancel" "$T/b1/dmesg-kasan.txt" || fail "no excerpt b1/dmesg-kasan.txt"

# A mutant caught (it fails) and a correct scheme passing -> exit 0.
mkdir -p "$T/good"
cp "$T/clean" "$T/good/kasan"	# same program names, a clean kernel log
"$RUN" -T 2 -S 50 -k "$log" ./clean ./good/kasan >"$T/ok.out" 2>/dev/null || fail "clean programs failed"
frame "$T/ok.out" "$T/ok.txt"
: >"$T/rec2.jsonl"
"$REC" append -o "$T/rec2.jsonl" -r "$T/ok.txt" -s run_id=t -s kname=s1 -s mutant= \
	-n rep=1 -s boot_dir=b2 -n boot_seconds=20
"$RUN" -T 2 -S 50 -k "$log" ./clean ./kasan >"$T/m.out" 2>/dev/null
frame "$T/m.out" "$T/m.txt"
"$REC" append -o "$T/rec2.jsonl" -r "$T/m.txt" -s run_id=t -s kname=s1--m -s mutant=m \
	-s scheme=s1 -n rep=1 -s boot_dir=b3 -n boot_seconds=20
mkdir -p "$T/variants/s1/mutants"
declare() {	# declare <mutant> <Caught-by: line>...
	dm=$1; shift
	{ echo "Subject: [PATCH] mutant $dm"; echo; for c; do echo "Caught-by: $c"; done; echo "---"; } \
		>"$T/variants/s1/mutants/$dm.patch"
}
declare m "kasan kernel KASAN: use-after-free"
"$RPT" -C "$T" "$T/rec2.jsonl" >"$T/table2" 2>&1 && fail "ck-report without -V judged a mutant: $(cat "$T/table2")"
expect_match "-V asked for" "$(cat "$T/table2")" 'mutant: -V <variants dir>'
"$RPT" -C "$T" -V "$T/variants" "$T/rec2.jsonl" >"$T/table2" || fail "ck-report: $(cat "$T/table2")"
grep -Eq "^s1 #1 +ok " "$T/table2" || fail "table2: $(cat "$T/table2")"
grep -Eq "^s1--m +caught [0-9]+s " "$T/table2" || fail "table2: $(cat "$T/table2")"

# A mutant that passes everything survives -> exit 1.
"$REC" append -o "$T/rec3.jsonl" -r "$T/ok.txt" -s run_id=t -s kname=s1--m -s mutant=m \
	-s scheme=s1 -n rep=1 -s boot_dir=b3 -n boot_seconds=20
"$RPT" -C "$T" -V "$T/variants" "$T/rec3.jsonl" >"$T/table3" && fail "ck-report passed a surviving mutant"
grep -q "SURVIVED" "$T/table3" || fail "table3: $(cat "$T/table3")"

# The declared catcher, not any failure: the first boot's programs as a
# mutant x (kasan: kernel report, wrong and exits: results, hangs: timeout).
"$REC" append -o "$T/rec4.jsonl" -r "$T/result.txt" -s run_id=t -s kname=s1--x -s mutant=x \
	-s scheme=s1 -n rep=1 -s boot_dir=b4 -n boot_seconds=30 || fail "aiob-rec append"
verdict() {	# verdict <Caught-by: line>...: ck-report's verdict for x
	declare x "$@"
	"$RPT" -C "$T" -V "$T/variants" "$T/rec4.jsonl" >"$T/t4" 2>&1
	echo "$? $(sed -n 's/^s1--x  *\(caught [0-9]*s\|[A-Z]*\) .*/\1/p' "$T/t4" | head -n 1)"
}
expect_match "kernel evidence" "$(verdict "kasan kernel KASAN: use-after-free in io_cancel")" '^0 caught [0-9]+s$'
expect_eq "another kernel report" "$(verdict "kasan kernel lockdep")" "1 MISCAUGHT"
expect_eq "another program" "$(verdict "benign kernel KASAN")" "1 MISCAUGHT"
expect_match "result evidence" "$(verdict "exits result")" '^0 caught'
expect_eq "not a result FAIL" "$(verdict "kasan result")" "1 MISCAUGHT"
expect_match "hang evidence" "$(verdict "hangs hang")" '^0 caught'
expect_eq "not a hang" "$(verdict "wrong hang")" "1 MISCAUGHT"
expect_match "any of several" "$(verdict "kasan hang" "hangs hang")" '^0 caught'
# a later declared catcher's time: clean, kasan, benign, wrong, exits ran
# before hangs (its 2 s timeout), so caught no earlier than hangs' end
t_kasan=$(verdict "kasan kernel KASAN" | sed 's/^0 caught \([0-9]*\)s$/\1/')
t_hang=$(verdict "hangs hang" | sed 's/^0 caught \([0-9]*\)s$/\1/')
[ "$t_hang" -ge "$((t_kasan + 2))" ] || fail "catch times: kasan ${t_kasan}s, hangs ${t_hang}s"
declare x
"$RPT" -C "$T" -V "$T/variants" "$T/rec4.jsonl" >"$T/t4" 2>&1
expect_eq "no declaration: input error" "$?" 2
expect_match "says what to add" "$(cat "$T/t4")" 'no "Caught-by: <program> <evidence>" line'
declare x "kasan smells"
"$RPT" -C "$T" -V "$T/variants" "$T/rec4.jsonl" >"$T/t4" 2>&1
expect_eq "bad declaration" "$?" 2
expect_match "names the line" "$(cat "$T/t4")" 'x.patch:3: "Caught-by: kasan smells"' 
# every mutant in variants/ declares its catchers, well-formed
for s in "$TOP"/variants/*/; do check_mutants "$(basename "$s")"; done
exit 0
