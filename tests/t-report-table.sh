#!/bin/sh
# tier: quick
# aiob-table (report/aiob-table.c), report/table.c's layout for the
# scripts' pages (the profile report, the scorecard): prose wraps, a long
# label gets a line of its own, column groups too wide for the width
# split into tables that repeat the label column, a left-aligned last
# column wraps under itself, a row's note goes under it, Markdown; and a
# bad record is an error naming file:line (exit 2), never a crash.
. "$(dirname "$0")/lib.sh"
[ -x "$TBL" ] || fail "no $TBL (make host-san)"
tab=$(printf '\t')
# page <line>...: $T/p.tsv, "|" standing for a tab
page() { printf '%s\n' "$@" | tr '|' "$tab" >"$T/p.tsv"; }
# lay <args>: aiob-table's text of $T/p.tsv -> $T/out (must succeed)
lay() { "$TBL" "$@" "$T/p.tsv" >"$T/out" 2>"$T/err" || fail "aiob-table $*: $(cat "$T/err")"; }
widest() { awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }' "$T/out"; }

# prose: text continues indented by 2, para not; title, section, remark, rule
page 'title|a page' 'section|one' 'text|aaa bbb ccc ddd eee fff' 'para|aaa bbb ccc ddd eee fff' \
	'remark|aaa bbb ccc ddd' 'rule'
lay -w 12
expect_eq "prose" "$(cat "$T/out")" "a page

== one ==
aaa bbb ccc
  ddd eee
  fff
aaa bbb ccc
ddd eee fff
! aaa bbb
  ccc ddd
------------"

# a plain table: numbers right, '<' heads left, a long label on its own
# line, a note under its row, no trailing blanks
page 'table|3|0' 'head|<name|n|<kind' 'row|a|1|x' 'note|the note' \
	'row|a-label-longer-than-twenty-four|22|y' 'row|b|333|z'
lay
expect_eq "table" "$(cat "$T/out")" "name   n kind
a      1 x
    the note
a-label-longer-than-twenty-four
      22 y
b    333 z"

# groups: titled groups too wide for 40 columns split into tables that
# repeat the label; a title wider than its group is [n], named below
page 'table|1|2' 'head|<cell|mean|d' 'group|alpha' 'group|beta' 'group|gamma' \
	'group|a-title-wider-than-its-group' 'row|r1|1000.0|+1|2000.0|+2|3000.0|+3|4000.0|+4'
lay -w 40
[ "$(widest)" -le 40 ] || fail "groups: lines over 40 columns: $(cat "$T/out")"
expect_eq "groups: tables" "$(grep -c '^r1 ' "$T/out")" 2
expect_eq "groups: layout" "$(cat "$T/out")" "          alpha       beta      gamma
cell    mean  d    mean  d    mean  d
r1    1000.0 +1  2000.0 +2  3000.0 +3

            [4]
cell    mean  d
r1    4000.0 +4
[4] a-title-wider-than-its-group"
# untitled groups (their own heads): no title line
page 'table|1|1' 'head|<|' 'group||two-refs' 'group||single-ref' 'row|x|1|-2'
lay
expect_eq "untitled groups" "$(cat "$T/out")" "   two-refs  single-ref
x         1          -2"

# a left-aligned last column wraps under itself, at "+" when it must
page 'table|3|0' 'head|<class|xfers|<moved by' \
	'row|kernel|2.00|aio_complete+io_submit_one+aio_read_events_ring+aio_complete_rw+aio_poll_wake' \
	'row|ring|1.00|aio_complete'
lay -w 40
[ "$(widest)" -le 40 ] || fail "wrapped column: lines over 40 columns: $(cat "$T/out")"
expect_eq "wrapped column" "$(cat "$T/out")" "class  xfers moved by
kernel  2.00 aio_complete+io_submit_one+
             aio_read_events_ring+
             aio_complete_rw+
             aio_poll_wake
ring    1.00 aio_complete"

# Markdown: a group is a column (untitled: under its heads), a note a row
page 'section|s' 'text|from: x' 'table|1|1' 'head|<|' 'group||two-refs' 'group||single-ref' \
	'row|x|1|-2' 'note|n' 'remark|r'
lay -m
expect_eq "markdown" "$(cat "$T/out")" "
## s

from: x

|  | two-refs | single-ref |
|:---|---:|---:|
| x | 1 | -2 |
| n |  |  |

> r"

# bad <what> <error regex> <line>...: exit 2, the error names p.tsv:<n>
bad() {
	what=$1 re=$2; shift 2
	page "$@"
	"$TBL" "$T/p.tsv" >"$T/out" 2>"$T/err" && fail "$what: accepted"
	rc=$?
	[ $rc -eq 2 ] || fail "$what: exit $rc (crash?): $(cat "$T/err")"
	expect_match "$what" "$(cat "$T/err")" "^aiob-table: $T/p\\.tsv:$re"
}
bad "unknown record" "3: unknown record 'bogus'" 'text|a' 'rule' 'bogus|x'
bad "cells" "5: row has 3 cells, the table 2 columns" 'table|1|1' 'head|<a|b' 'group|g' 'row|x|1' 'row|y|1|2'
bad "row before head" "2: row before the table's head" 'table|2|0' 'row|x|1'
bad "note before row" "3: note before the table's first row" 'table|1|0' 'head|<a' 'note|n'
bad "NFIX" "1: NFIX 'x' is not a number" 'table|x|0'
bad "no fixed column" "1: a table needs a fixed column" 'table|0|1'
bad "group of GSIZE 0" "3: group in a table of GSIZE 0" 'table|1|0' 'head|<a' 'group|g'
bad "group after rows" "4: group after the first row" 'table|1|1' 'head|<a|b' 'row|x' 'group|g'
bad "no head" "2: table without a head record" 'text|a' 'table|1|0' 'text|b'
bad "head width" "2: head has 1 fields, the table 2 columns" 'table|1|1' 'head|<a'
bad "fields" "1: 'text' takes one field, got 2" 'text|a|b'
bad "row outside" "1: row outside a table" 'row|x'
"$TBL" "$T/none" >/dev/null 2>"$T/err" && fail "a missing file accepted"
expect_match "missing file" "$(cat "$T/err")" "^aiob-table: $T/none: No such file"
exit 0
