#!/bin/sh
# fuzz/fuzz.sh - run AFL++ on the project's parsers, one target after the
# other, and say what it found.
#
# usage: fuzz/fuzz.sh [-t seconds] [target...]     (make fuzz)
#   targets: records  aiob-cmp compare on a records file (the reader,
#                     every field check, the statistics behind them)
#            frame    aiob-rec append on a guest result frame
#            matrix   bench/matrix.sh on a matrix file (awk: no coverage
#                     instrumentation, AFL runs it blind, -n)
# Seeds: fuzz/corpus/<target>/.  Output: build/fuzz/out/<target>/ (AFL's
# own layout; crashes/ and hangs/ are what to look at).  Exit 1 when a
# target has a crash.  tests/t-fuzz-corpus.sh replays the seeds (and any
# crash saved into fuzz/corpus/ after a fix) under ASan in `make test`.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

secs=600
while getopts t: o; do
	case $o in t) secs=$OPTARG ;; *) die "usage: $0 [-t seconds] [target...]" ;; esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- records frame matrix
command -v afl-fuzz >/dev/null || die "afl-fuzz missing (apt-get install afl++, or make deps)"
bin=$TOP/build/fuzz
# Containers: no CPU frequency governor, core dumps piped elsewhere.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
export AFL_NO_AFFINITY=1
found=0
for t; do
	out=$bin/out/$t
	case $t in
	records) set -- "$bin/aiob-cmp" compare -b two-refs @@ ;;
	frame)   set -- "$bin/aiob-rec" append -o /dev/null -r @@ ;;
	matrix)  set -- -n -- "$TOP/bench/matrix.sh" @@ ;;
	*) die "unknown target $t (records frame matrix)" ;;
	esac
	[ "$1" = -n ] || [ -x "$1" ] || die "no $1 (make fuzz-tools)"
	rm -rf "$out"; mkdir -p "$out"
	say "$t: fuzzing for ${secs}s -> ${out#$TOP/}"
	case $1 in
	-n) shift 2; afl-fuzz -n -t 2000 -V "$secs" -i "$TOP/fuzz/corpus/$t" -o "$out" -- "$@" \
		>"$out/afl.log" 2>&1 || true ;;
	*) afl-fuzz -V "$secs" -i "$TOP/fuzz/corpus/$t" -o "$out" -- "$@" \
		>"$out/afl.log" 2>&1 || true ;;
	esac
	d=$out/default	# (blind mode writes into $out itself)
	[ -d "$d" ] || d=$out
	# plot_data: relative_time, cycles_done, cur_item, corpus_count, ...,
	# execs_per_sec, total_execs, edges_found (AFL++ 4)
	last=$(grep -v '^#' "$d/plot_data" 2>/dev/null | tail -n 1 | tr -d ' ')
	[ -n "$last" ] || { tail -n 20 "$out/afl.log" >&2; die "$t: afl-fuzz did not run (log: ${out#$TOP/}/afl.log)"; }
	crashes=$(ls "$d/crashes" 2>/dev/null | grep -vc README || true)
	hangs=$(ls "$d/hangs" 2>/dev/null | grep -vc README || true)
	say "$t: $(echo "$last" | cut -d, -f12) execs in $(echo "$last" | cut -d, -f1)s, $(echo "$last" | cut -d, -f4) inputs, $crashes crashes, $hangs hangs"
	[ "$crashes" -eq 0 ] || found=1
done
[ $found -eq 0 ] || die "crashes found: build/fuzz/out/<target>/[default/]crashes/ (fix, then copy the input into fuzz/corpus/<target>/)"
