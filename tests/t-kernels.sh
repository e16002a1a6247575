#!/bin/sh
# Kernel builds: an unchanged image is not rebuilt; a scheme whose patch
# touches fs/aio.c costs a rebuild of fs/aio.o and the link, not a kernel;
# the image boots under its own name; a config option that does not make
# it into the final .config is an error, not a warning, and a fragment's
# "# base:" chain is merged first, a later value of an option winning.
. "$(dirname "$0")/lib.sh"
B=$TOP/kernels/build.sh
src=${KSRC:-$TOP/kernels/src}
[ -r "$TOP/kernels/images/two-refs-bench/bzImage" ] || fail "no two-refs image (make kernels)"
cleanup() {
	git -C "$src" worktree remove --force "$T/wt" 2>/dev/null
	git -C "$src" branch -D dev/t-incr aio/t-incr >/dev/null 2>&1
	rm -f "$(git -C "$src" rev-parse --absolute-git-dir)/aiorefbench/series/t-incr"
	rm -rf "$TOP/kernels/images/t-incr-bench" "$TOP/kernels/build/t-bogus.cfg" "$TOP/kernels/build/t-bogus2.cfg" \
		"$TOP/kernels/build/t-bogus2" \
		"$AIOB_RESULTS/$run" "$T"
}
run=t-kernels-$$
trap cleanup EXIT

# 1. nothing changed -> nothing rebuilt
before=$(stat -c %Y "$TOP/kernels/images/two-refs-bench/bzImage")
"$B" two-refs bench >"$T/out" 2>&1 || fail "build: $(cat "$T/out")"
expect_match "unchanged" "$(cat "$T/out")" 'two-refs-bench: up to date'
expect_eq "image untouched" "$(stat -c %Y "$TOP/kernels/images/two-refs-bench/bzImage")" "$before"

# 2. a one-patch scheme rebuilds fs/aio.o and the link only
git -C "$src" worktree add -q "$T/wt" -b dev/t-incr base || fail "worktree"
echo '/* aiorefbench t-kernels: must rebuild only fs/aio.o */' >>"$T/wt/fs/aio.c"
git -C "$T/wt" -c user.name=t -c user.email=t@t commit -qam "aio: test comment"
mkdir -p "$T/v/t-incr"
git -C "$T/wt" format-patch -q -o "$T/v/t-incr" base..HEAD
VARIANTS=$T/v "$TOP/kernels/branches.sh" t-incr >/dev/null 2>&1 || fail "branches.sh"
"$B" t-incr bench >"$T/out" 2>&1 || fail "build: $(cat "$T/out")"
cc=$(grep -E '^  CC ' "$TOP/kernels/build/bench/build.log" | awk '{print $2}')
echo "compiled: $cc"
printf '%s\n' "$cc" | grep -qx 'fs/aio.o' || fail "fs/aio.o was not rebuilt"
[ "$(printf '%s\n' "$cc" | wc -l)" -lt 20 ] || fail "rebuilt $(printf '%s\n' "$cc" | wc -l) files, not just fs/aio.c's"
expect_eq "release" "$(sed -n 's/^release=//p' "$TOP/kernels/images/t-incr-bench/info")" "6.1.192-t-incr"
# the other scheme's image is still current
"$B" two-refs bench >"$T/out" 2>&1 || fail "build: $(cat "$T/out")"
expect_match "still unchanged" "$(cat "$T/out")" 'up to date'

# 3. it boots as itself
mkdir -p "$T/job"; printf '#!/bin/sh\nuname -r\n' >"$T/job/run"; chmod +x "$T/job/run"
"$TOP/bench/run-cell.sh" -m icount -k t-incr -j "$T/job" -o "$T/boot" -t 120 || fail "boot failed"
expect_eq "uname" "$(sed -n 's/^uname //p' "$T/boot/result.txt")" "6.1.192-t-incr"

# 4. a requested option that kconfig drops is an error
mkdir -p "$T/cfg"
cp "$TOP/kernels/configs/bench.config" "$T/cfg/bench.config"
echo 'CONFIG_AIOREFBENCH_NO_SUCH_OPTION=y' >"$T/cfg/t-bogus.config"
if KCONFIGS=$T/cfg "$B" two-refs t-bogus >"$T/out" 2>&1; then
	fail "bogus option accepted"
fi
expect_match "names the option" "$(cat "$T/out")" 'NO_SUCH_OPTION=y \(got: absent\)'

# 5. "# base: t-bogus": the base's options are requested too, unless the
# fragment overrides them (the override counts, not the base's value)
printf '# base: t-bogus\n# CONFIG_AIOREFBENCH_NO_SUCH_OPTION is not set\nCONFIG_AIOREFBENCH_OTHER=y\n' \
	>"$T/cfg/t-bogus2.config"
if KCONFIGS=$T/cfg "$B" two-refs t-bogus2 >"$T/out" 2>&1; then
	fail "bogus option accepted (based config)"
fi
expect_match "names the fragment's option" "$(cat "$T/out")" 'OTHER=y \(got: absent\)'
case $(cat "$T/out") in *NO_SUCH_OPTION*) fail "the base's overridden option still requested: $(cat "$T/out")" ;; esac
grep -q 'Value of CONFIG_AIOREFBENCH_NO_SUCH_OPTION is redefined by fragment .*/t-bogus2.config' \
	"$TOP/kernels/build/t-bogus2.cfg/merge.log" || fail "the base t-bogus was not merged before t-bogus2"
