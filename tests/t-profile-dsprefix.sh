#!/bin/sh
# The plugin counts a ds-prefixed lockable read-modify-write of memory in
# kernel space as an atomic: the LOCK_PREFIX sites a one-CPU boot patches
# (alternatives_smp_unlock).  That is right only if the kernel has no such
# instruction of its own: check the built vmlinux.  No boot.
. "$(dirname "$0")/lib.sh"
v=$TOP/kernels/build/bench/vmlinux
[ -r "$v" ] || skip "no $v (make kernels)"
exec 9>"$TOP/kernels/build/.lock"
flock -w 900 9 || fail "kernels/build is locked for 15 minutes"
cp "$v" "$T/vmlinux"
exec 9>&-
objdump -d --no-show-raw-insn "$T/vmlinux" >"$T/dis" || fail "objdump failed"
locks=$(grep -cE '[[:space:]]lock [a-z]' "$T/dis") || true
[ "$locks" -gt 100 ] || fail "only $locks lock-prefixed instructions: not a CONFIG_SMP kernel?"
bad=$(grep -E '[[:space:]]ds (add|adc|and|or|sbb|sub|xor|inc|dec|neg|not|bt[crs]|xadd|cmpxchg|xchg)[a-z0-9]* [^#]*\(' "$T/dis" | head -n 5)
[ -z "$bad" ] || fail "ds-prefixed lockable instructions in vmlinux would count as atomics: $bad"
echo "$locks lock-prefixed instructions, no ds-prefixed lockable one"
