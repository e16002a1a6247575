#!/bin/sh
# -n writes nothing, anywhere: a dry run of each entry point that boots
# (bench/run.sh, check/check-lifetime.sh, profile/profile.sh) prints its
# plan and leaves the results root, the scratch directory ($TMPDIR) and
# the checkout as they were.  Needs the two-refs bench kernel (profile.sh
# checks its reference kernel); boots nothing, a few seconds.
. "$(dirname "$0")/lib.sh"
[ -r "$TOP/kernels/images/two-refs-bench/bzImage" ] || fail "no two-refs bench kernel (make kernels)"
[ -r "$TOP/build/profile/aiob-prof.so" ] && [ -r "$TOP/build/initramfs.cpio" ] ||
	fail "no profiler or initramfs (make tools initramfs)"
mkdir -p "$T/tmp"
touch "$T/stamp"
sleep 1	# file times have a resolution of 1 s on some file systems
export TMPDIR=$T/tmp
# written <what>: fails when anything in the results root, the scratch
# directory or the checkout is newer than the stamp (the tests' own logs
# aside)
written() {
	new=$(find "$AIOB_RESULTS" "$T/tmp" -mindepth 1 -newer "$T/stamp" 2>/dev/null
		find "$TOP" -path "$TOP/.git" -prune -o -path "$TOP/tests/out" -prune -o \
			-newer "$T/stamp" -print 2>/dev/null)
	[ -z "$new" ] || fail "$1 -n wrote: $(echo "$new" | head -n 5)"
}
poll_matrix "$T/m.conf" icount 2 1000 60
"$TOP/bench/run.sh" -n -m "$T/m.conf" -s two-refs -r t-dry-$$ >"$T/out" 2>&1 ||
	fail "bench/run.sh -n: $(cat "$T/out")"
expect_match "bench plan" "$(cat "$T/out")" "1 cells, 2 boots \\(dry run: nothing written\\)"
written bench/run.sh

"$TOP/check/check-lifetime.sh" -n -s two-refs -m two-refs--refcnt-one -c "debug kcsan" -r 2 \
	-i t-dry-$$ >"$T/out" 2>&1 || fail "check-lifetime.sh -n: $(cat "$T/out")"
expect_eq "check plan" "$(grep '^boot ' "$T/out" | tr '\n' ' ')" \
	"boot two-refs #1 boot two-refs@kcsan #1 boot two-refs--refcnt-one boot two-refs #2 boot two-refs@kcsan #2 "
written check/check-lifetime.sh

"$TOP/profile/profile.sh" -n -s two-refs -c read-qd1 -r t-dry-$$ >"$T/out" 2>&1 ||
	fail "profile.sh -n: $(cat "$T/out")"
expect_match "profile plan" "$(cat "$T/out")" "cell read-qd1: two-refs"
written profile/profile.sh
# the old meaning of -n (I/Os per cell) is refused with the new letter
"$TOP/profile/profile.sh" -n 2000 >"$T/out" 2>&1 && fail "profile.sh -n 2000 accepted"
expect_match "profile -n N" "$(cat "$T/out")" "I/Os per cell are -o"
written profile/profile.sh
