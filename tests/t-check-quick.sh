#!/bin/sh
# The correctness suite, quick: the stock scheme (two-refs) passes every
# program in its debug kernel (KASAN, lockdep, ...) and the wrong-initial-
# count mutant (two-refs--refcnt-one) is caught, with the kernel's report
# in the excerpt.  Builds the two debug kernels itself (make test builds
# only bench kernels): cold ~5 min once, the mutant ~20 s on top.
. "$(dirname "$0")/lib.sh"
[ -x "$TOP/build/host/ck-report" ] || fail "no ck-report (make tools)"
id=t-quick-$$
rdir=$AIOB_RESULTS/check-$id
trap 'rm -rf "$T" "$rdir"' EXIT
"$TOP/check/check-lifetime.sh" -q -s two-refs -m two-refs--refcnt-one -i "$id" \
	>"$T/out" 2>&1 || { cat "$T/out"; fail "check-lifetime.sh exited non-zero"; }
cat "$T/out"
expect_eq "two-refs" "$(ck_verdict "$rdir" two-refs)" ok
[ "$(ck_verdict "$rdir" two-refs--refcnt-one)" = caught ] ||
	fail "the refcnt-one mutant was not caught"
# Caught by the kernel, not by chance: the excerpt holds the report.
grep -lE 'KASAN|refcount_t:' "$rdir"/boots/two-refs--refcnt-one.1/dmesg-*.txt >/dev/null ||
	fail "no KASAN/refcount_t report in the mutant's excerpts"
