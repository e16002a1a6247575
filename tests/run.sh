#!/bin/sh
# tests/run.sh - run the test suite: every tests/t-*.sh, in order.
#
# usage: tests/run.sh [-q] [pattern]      (e.g. tests/run.sh records)
#   -q  the quick tier only: tests whose header says "# tier: quick" (no
#       kernel, no guest, seconds each: `make test-quick`)
# Each test's output goes to tests/out/<name>.log; failures are printed.
# Ends with "N passed, N failed" (and skipped, if any); exit 1 on failure.
set -u
. "$(dirname "$0")/../scripts/lib.sh"

quick=
[ "${1:-}" != -q ] || { quick=1; shift; }
pass=0 failn=0 skipn=0 failed=
mkdir -p "$TOP/tests/out"
for t in "$TOP"/tests/t-*.sh; do
	name=$(basename "$t" .sh)
	case $name in *${1:-}*) ;; *) continue ;; esac
	[ -z "$quick" ] || grep -q '^# tier: quick' "$t" || continue
	log=$TOP/tests/out/$name.log
	t0=$(date +%s)
	sh "$t" >"$log" 2>&1
	rc=$?
	dt=$(( $(date +%s) - t0 ))
	case $rc in
	0)  pass=$((pass + 1)); printf 'ok    %-32s %4ds\n' "$name" "$dt" ;;
	77) skipn=$((skipn + 1)); printf 'skip  %-32s %4ds  %s\n' "$name" "$dt" "$(tail -n1 "$log")" ;;
	*)  failn=$((failn + 1)); failed="$failed $name"
	    printf 'FAIL  %-32s %4ds\n' "$name" "$dt"
	    tail -n 15 "$log" | sed 's/^/      | /' ;;
	esac
done
[ $skipn -eq 0 ] || printf '%d skipped\n' "$skipn"
[ -z "$failed" ] || printf 'failed:%s (logs in tests/out/)\n' "$failed"
printf '%d passed, %d failed\n' "$pass" "$failn"
[ $failn -eq 0 ]
