#!/bin/sh
# Crash-safe records: a boot's records go in with one write (all or none);
# a records.jsonl cut at any byte of its last record is read with a
# warning naming file:line, `aiob-rec repair` moves the torn tail aside
# and keeps every complete record exactly once, and nothing is ever
# appended onto a partial line.  A damaged line in the middle stays an
# error with file:line and a hint.
. "$(dirname "$0")/lib.sh"
[ -x "$REC" ] || fail "no $REC (make tools)"

guest_result "$T/res.txt"
# app <file> <rep>: one boot's two records
app() { "$REC" append -o "$1" -r "$T/res.txt" -s run_id=r -n "rep=$2"; }
app "$T/full.jsonl" 1 && app "$T/full.jsonl" 2 || fail "append failed"
expect_eq "one boot, two records" "$(wc -l <"$T/full.jsonl")" 4
size=$(stat -c %s "$T/full.jsonl")
keep=$(head -n 3 "$T/full.jsonl" | wc -c)	# the complete records before the last
cnt=0
off=$keep
while [ "$off" -lt "$size" ]; do
	f=$T/cut.jsonl
	head -c "$off" "$T/full.jsonl" >"$f"
	want=$(head -n 3 "$T/full.jsonl") reps=1,1,2,3,3
	# cut just before the newline: the record is whole and stays
	[ "$off" -lt $((size - 1)) ] || want=$(cat "$T/full.jsonl") reps=1,1,2,2,3,3
	if [ "$off" -gt "$keep" ] && [ "$off" -lt $((size - 1)) ]; then
		"$REC" check "$f" >"$T/chk" 2>&1 || fail "offset $off: check refused a torn tail: $(cat "$T/chk")"
		grep -q "cut.jsonl:4: warning: torn last record" "$T/chk" ||
			fail "offset $off: no file:line warning: $(cat "$T/chk")"
	fi
	"$REC" repair "$f" 2>"$T/rep" || fail "offset $off: repair failed: $(cat "$T/rep")"
	expect_eq "offset $off: complete records kept" "$(cat "$f")" "$want"
	app "$f" 3 || fail "offset $off: append after repair failed"
	expect_eq "offset $off: records" "$(field "$f" rep | paste -sd,)" "$reps"
	[ "$off" -eq "$keep" ] || [ "$off" -eq $((size - 1)) ] || [ -s "$f.torn-4" ] ||
		fail "offset $off: torn tail not kept aside"
	rm -f "$f" "$f".torn-*
	cnt=$((cnt + 1)) off=$((off + 1))
done
echo "cut at $cnt offsets, every complete record kept once"

# a tail the file system never wrote (NULs), and a full one with no newline
{ cat "$T/full.jsonl"; head -c 300 /dev/zero; } >"$T/z.jsonl"
"$REC" repair "$T/z.jsonl" 2>/dev/null || fail "repair of a NUL tail failed"
expect_eq "NUL tail" "$(cat "$T/z.jsonl")" "$(cat "$T/full.jsonl")"
head -c $((size - 1)) "$T/full.jsonl" >"$T/nonl.jsonl"
"$REC" repair "$T/nonl.jsonl" 2>/dev/null || fail "repair failed"
expect_eq "no newline: completed" "$(cat "$T/nonl.jsonl")" "$(cat "$T/full.jsonl")"

# appending onto a torn line is refused, naming the fix
head -c $((size - 10)) "$T/full.jsonl" >"$T/t.jsonl"
if app "$T/t.jsonl" 9 2>"$T/err"; then fail "appended onto a torn line"; fi
expect_match "names repair" "$(cat "$T/err")" 'torn; run `aiob-rec repair'
expect_eq "untouched" "$(stat -c %s "$T/t.jsonl")" $((size - 10))

# a damaged line in the middle is an error with file:line and a hint
{ head -n 1 "$T/full.jsonl"; echo '{"run_id":"r", broken'; tail -n 2 "$T/full.jsonl"; } >"$T/mid.jsonl"
if "$REC" check "$T/mid.jsonl" 2>"$T/err"; then fail "a damaged middle line was accepted"; fi
expect_match "middle" "$(cat "$T/err")" 'mid.jsonl:2: not a JSON record: .*fix or delete it'
if "$REC" repair "$T/mid.jsonl" 2>/dev/null; then :; fi
expect_eq "repair leaves the middle alone" "$(wc -l <"$T/mid.jsonl")" 4
