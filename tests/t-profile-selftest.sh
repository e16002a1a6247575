#!/bin/sh
# The profiler attributes a known pattern exactly (profile/selftest.c):
# inside the window, prof_pattern's 10 n + 2 instructions with 2 n lock
# and n xchg atomics, 6 n + 1 loads and 6 n stores (a ds-prefixed incl and
# a register xchg in user space are not atomic); n entries into
# __x64_sys_getppid; and every _raw_spin_lock* entry executes exactly one
# atomic (its lock cmpxchg, patched to ds on a one-CPU boot).  One boot.
. "$(dirname "$0")/lib.sh"
img=$TOP/kernels/images/two-refs-bench
so=$TOP/build/profile/aiob-prof.so
[ -r "$img/bzImage" ] || fail "no $img (make kernels)"
[ -r "$so" ] || fail "no $so (make tools)"
[ -x "$TOP/build/guest/prof-selftest" ] || fail "no build/guest/prof-selftest (make tools)"
n=1000
mkdir -p "$T/job"
printf '#!/bin/sh\nexec prof-selftest -n %d\n' $n >"$T/job/run"
chmod +x "$T/job/run"
"$TOP/profile/umap.sh" "$TOP/build/guest/prof-selftest" >"$T/umap"
AIOB_PLUGIN="$so,out=@OUT@/profile.tsv,map=@IMG@/System.map,umap=$T/umap" QEMU_NVME=0 \
	"$TOP/bench/run-cell.sh" -m icount -k two-refs -j "$T/job" -o "$T/out" -t 180 ||
	fail "boot failed: $(tail -n 5 "$T/out/result.txt" "$T/out/qemu.log" 2>&1)"
P=$T/out/profile.tsv
[ -r "$P" ] || fail "no profile.tsv"
grep -q '^status 0' "$T/out/result.txt" || fail "prof-selftest failed: $(cat "$T/out/result.txt")"
# col <function> <column>: 3 insns 4 atomics 5 loads 6 stores 7 entries
# 8 lock 9 xchg 10 uplock
col() { awk -F'\t' -v f="$1" -v c="$2" '$1 == f { print $c }' "$P"; }
expect_eq "windows (begin end bad)" "$(awk -F'\t' '$1 == "# windows" { print $2, $3, $4 }' "$P")" "1 1 0"
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
echo "prof_pattern: $(col u:prof_pattern 3) insns, $(col u:prof_pattern 4) atomics; _raw_spin_lock_irq: $e entries"
