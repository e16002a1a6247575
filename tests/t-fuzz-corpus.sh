#!/bin/sh
# tier: quick
# The fuzzing corpus (fuzz/corpus/: seeds, and every input a fuzzer
# crashed on once it was fixed) replayed through the parsers built with
# ASan+UBSan: the record reader (aiob-cmp compare), the frame parser
# (aiob-rec append) and the matrix grammar (bench/matrix.sh).  Each may
# refuse an input (exit 1, 2, 125) but never crash, hang or trip a
# sanitizer (exit 99).
. "$(dirname "$0")/lib.sh"
[ -x "$CMP" ] && [ -x "$REC" ] || fail "no $CMP or $REC (make tools)"
n=0
# try <what> <file> <cmd...>: run it, judge the exit
try() {
	what=$1 f=$2; shift 2
	rc=0
	timeout 30 "$@" >"$T/out" 2>&1 || rc=$?
	case $rc in
	0|1|2|125) n=$((n + 1)) ;;
	124) fail "$what hangs on $f" ;;
	*) fail "$what: exit $rc on $f: $(tail -n 5 "$T/out")" ;;
	esac
}
for f in "$TOP"/fuzz/corpus/records/*; do try records "$f" "$CMP" compare -b two-refs "$f"; done
for f in "$TOP"/fuzz/corpus/frame/*; do
	rm -f "$T/r.jsonl"
	try frame "$f" "$REC" append -o "$T/r.jsonl" -r "$f"
done
for f in "$TOP"/fuzz/corpus/matrix/*; do try matrix "$f" "$TOP/bench/matrix.sh" "$f"; done
[ "$n" -ge 200 ] || fail "only $n corpus inputs replayed"
echo "$n inputs replayed"
