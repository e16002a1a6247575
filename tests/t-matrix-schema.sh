#!/bin/sh
# tier: quick
# The schema matches the programs: every program directory declares a
# meta, every cell key a program's run reads (AIOB_<KEY>) is declared for
# it, every fio job file is a fiojob value and the other way round, and
# every metric key a guest program emits is declared.
. "$(dirname "$0")/lib.sh"
P=$TOP/bench/programs
# keys of program p: its meta's and the common ones
keys() { awk '$1 == "key" { print $2 }' "$P/common.meta" "$P/$1/meta" | sort -u; }
for d in "$P"/*/; do
	p=$(basename "$d")
	[ -r "$d/meta" ] || fail "bench/programs/$p has no meta"
	for k in $(grep -o 'AIOB_[A-Z_]*' "$d/run" | sort -u); do
		case $k in AIOB_DEV|AIOB_OPTARGS|AIOB_REP) continue ;; esac	# run.sh's own
		kk=$(echo "${k#AIOB_}" | tr A-Z a-z)
		keys "$p" | grep -qx "$kk" || fail "$p/run reads $k, but $kk is not declared in $p/meta or common.meta"
	done
done
set=$(awk '$1 == "key" && $2 == "fiojob" { print $4 }' "$P/fio/meta" | tr '|' '\n' | sort | tr '\n' ' ')
files=$(cd "$TOP/bench/fio/jobs" && ls *.fio | sed 's/\.fio$//' | sort | tr '\n' ' ')
expect_eq "fiojob set = bench/fio/jobs" "$set" "$files"
# metric names the C programs emit (aiob_metric_*(rec, "name", ...) and
# fio-json's copy(rec, "name", ...)) must match a metric line
for m in $(grep -ohE '(aiob_metric_[a-z0-9]+|copy)\(rec, "[a-z0-9_]+"' "$TOP"/bench/*.c "$TOP"/bench/lib/*.c |
	sed 's/.*"\(.*\)"/\1/' | sort -u); do
	awk -v m="$m" '$1 == "metric" { re = "^" $2 "$"; gsub(/\*/, ".*", re); if (m ~ re) f = 1 } END { exit !f }' \
		"$P/common.meta" "$P"/*/meta || fail "metric $m is emitted but declared in no meta"
done
exit 0
