#!/bin/sh
# The profiler attributes a known pattern exactly (profile/selftest.c):
# inside the window, prof_pattern's 10 n + 2 instructions with 2 n lock
# and n xchg atomics, 6 n + 1 loads and 6 n stores (a ds-prefixed incl and
# a register xchg in user space are not atomic); n entries into
# __x64_sys_getppid; every _raw_spin_lock* entry executes exactly one
# atomic (its lock cmpxchg, patched to ds on a one-CPU boot); and one vCPU
# moves no cache line to another.  One boot.
. "$(dirname "$0")/lib.sh"
n=1000
prof_boot 1 prof-selftest -n $n
expect_eq "pattern insns" "$(col u:prof_pattern 3)" $((10 * n + 2))
expect_eq "pattern atomics" "$(col u:prof_pattern 4)" $((3 * n))
expect_eq "pattern lock" "$(col u:prof_pattern 8)" $((2 * n))
expect_eq "pattern xchg" "$(col u:prof_pattern 9)" $n
expect_eq "pattern uplock (user space)" "$(col u:prof_pattern 10)" 0
expect_eq "pattern loads" "$(col u:prof_pattern 5)" $((6 * n + 1))
expect_eq "pattern stores" "$(col u:prof_pattern 6)" $((6 * n))
expect_eq "pattern entries" "$(col u:prof_pattern 7)" 1
expect_eq "getppid entries" "$(col __x64_sys_getppid 7)" $n
e=$(col _raw_spin_lock_irq 7)
[ "${e:-0}" -ge $n ] || fail "_raw_spin_lock_irq entered ${e:-0} times, want >= $n (eventfd writes)"
bad=$(awk -F'\t' '$1 ~ /^_raw_spin_lock/ && ($4 != $7 || $10 != $7) { print $1 ": " $4 " atomics, " $10 " uplock, " $7 " entries" }' "$P")
[ -z "$bad" ] || fail "a spin lock entry is not exactly one atomic: $bad"
expect_eq "transfers with one vCPU" "$(awk -F'\t' '$1 == "# total" { print $11 + $12 + $13 }' "$P")" 0
echo "prof_pattern: $(col u:prof_pattern 3) insns, $(col u:prof_pattern 4) atomics; _raw_spin_lock_irq: $e entries"
