#!/bin/sh
# make post (report/post.sh) on refcount-free, from a synthetic bench run
# and machine profile (no boot): the mails carry the git identity (From,
# Signed-off-by; no placeholder), To/Cc from MAINTAINERS, a cover letter
# whose numbers are the scorecard's page verbatim within 72 columns, and
# checkpatch finds nothing but unknown commit ids.  The series `git am`s
# on base in a scratch clone, ends at aio/refcount-free's tree, and every
# step compiles fs/aio.o without a warning (the only file it changes; a
# build dir in $T, the shared ccache).  Without a git identity post.sh
# refuses.  Needs kernels/src (make kernels); 4 min 17 s at load ~10 on
# 2 cores (1.5 min checkout of base, make prepare, 4 x fs/aio.o).
. "$(dirname "$0")/lib.sh"
S=$TOP/report/synth.sh
src=${KSRC:-$TOP/kernels/src}
cfg=$TOP/kernels/images/refcount-free-bench/config
[ -x "$CMP" ] && [ -x "$REC" ] || fail "no $CMP, $REC (make host-san)"
[ -x "$TOP/build/host/ck-report" ] || fail "no ck-report (make tools)"
git -C "$src" rev-parse -q --verify refs/heads/aio/refcount-free >/dev/null ||
	fail "no branch aio/refcount-free in $src (make kernels)"
[ -r "$cfg" ] || fail "no $cfg (make kernels)"
export AIOB_REC=$REC AIOB_CKREPORT=$TOP/build/host/ck-report
export GIT_CONFIG_NOSYSTEM=1 HOME=$T/home XDG_CONFIG_HOME=$T/home/.config
mkdir -p "$HOME"

R=$T/run
mkdir -p "$R"
{
	$S two-refs rd/mode=icount/device=nullb 1000 1000
	$S single-ref rd/mode=icount/device=nullb 990 990
	SYNTH_TREE=$(git -C "$src" rev-parse 'aio/refcount-free^{tree}') \
		$S refcount-free rd/mode=icount/device=nullb 950 950
} >"$R/records.jsonl"
C=$T/calib
mkdir -p "$C"
printf '# machine\ttesthost\tTest CPU\t2026-01-01T00:00:00Z\n' >"$C/costs.tsv"
printf 'insn\t-\t0.5\t0.1\t20\natomic\t-\t5\t1\t20\n' >>"$C/costs.tsv"
post() { "$TOP/report/post.sh" -c "$C" -p "$T/none" -k "$T/none" -o "$T/out" "$@" refcount-free "$R"; }

# No identity: refused, nothing written.
if [ -n "$(git -C "$TOP" config --local user.name || true)" ]; then
	say "skipped the refusal check: $TOP has a local user.name"
else
	post >"$T/noid" 2>&1 && fail "post.sh without a git identity succeeded"
	grep -q 'no git identity.*git config --global user.name' "$T/noid" ||
		fail "refusal does not say how to set the identity: $(cat "$T/noid")"
	[ ! -e "$T/out" ] || fail "post.sh without identity wrote $T/out"
fi

git config --global user.name 'Ada Tester'
git config --global user.email ada@example.org
post >"$T/post.log" 2>&1 || fail "post.sh: $(cat "$T/post.log")"
n=$(ls "$TOP"/variants/refcount-free/*.patch | wc -l)
expect_eq "mails" "$(ls "$T/out"/0*.patch | wc -l)" $((n + 1))
cover=$T/out/0000-cover-letter.patch
for m in "$T/out"/0*.patch; do
	b=$(basename "$m")
	expect_eq "$b From" "$(sed -n 's/^From: //p' "$m")" "Ada Tester <ada@example.org>"
	! grep -q 'aiorefbench@localhost' "$m" || fail "$b: the placeholder identity is left"
	grep -q '^To: .*bcrl@kvack.org' "$m" || fail "$b: To: is not the AIO maintainer (MAINTAINERS)"
	grep -q '^Cc: .*linux-aio@kvack.org' "$m" || fail "$b: Cc: lacks linux-aio@kvack.org"
	[ "$m" = "$cover" ] && continue
	expect_eq "$b sign-off" "$(grep -c '^Signed-off-by: Ada Tester <ada@example.org>$' "$m")" 1
	expect_eq "$b other sign-offs" "$(grep -c '^Signed-off-by:' "$m")" 1
done
expect_match "subject" "$(grep '^Subject:' "$cover")" \
	"^Subject: \[PATCH 0/$n\] $(head -n 1 "$TOP/variants/refcount-free/cover.txt")\$"
grep -E '\*\*\* (SUBJECT|BLURB) HERE' "$cover" && fail "cover letter placeholders left"

# The numbers are the scorecard's page, exactly.
"$TOP/report/scorecard.sh" -c "$C" -p "$T/none" -k "$T/none" "$R" >"$T/sc.txt" ||
	fail "scorecard.sh failed"
grep -q 'refcount-free' "$T/sc.txt" && grep -q -- '-50' "$T/sc.txt" ||
	fail "the synthetic scorecard lacks the refcount-free -50: $(cat "$T/sc.txt")"
awk '/^How they were measured$/ { exit } p > 2 { print } p { p++ } /^Numbers$/ { p = 1 }' \
	"$cover" | sed '$d' >"$T/cover-sc.txt"
cmp -s "$T/sc.txt" "$T/cover-sc.txt" ||
	fail "cover letter numbers differ from the scorecard: $(diff "$T/sc.txt" "$T/cover-sc.txt")"
grep -q '^calibration .*costs.tsv' "$cover" && grep -q 'insn 0.50 +- 0.10 ns' "$cover" ||
	fail "cover letter lacks the calibration"
grep -q '^  the final tree of this series$' "$cover" || fail "cover letter does not tie the run to the tree"
grep -q '^base-commit: '"$(git -C "$src" rev-parse base)"'$' "$cover" || fail "no base-commit"
long=$(sed -n '/^$/,$p' "$cover" | awk 'length > 72')
[ -z "$long" ] || fail "cover letter lines over 72 columns: $long"

# checkpatch: only the unknown commit ids (no history in the tree).
grep -E '^  (ERROR|WARNING|CHECK):' "$T/out/checkpatch.txt" | grep -v 'Unknown commit id' &&
	fail "checkpatch findings: $(cat "$T/out/checkpatch.txt")"
expect_eq "checkpatch reports" "$(grep -c '^0.*: total:' "$T/out/checkpatch.txt")" "$n"

# git am on base, then every step compiles fs/aio.o cleanly.
say "t-post: checkout of base in \$T"
git clone -q --shared --no-checkout "$src" "$T/k"
git -C "$T/k" checkout -q -b am base
git -C "$T/k" am -q "$T/out"/000[1-9]*.patch || fail "git am on base failed"
expect_eq "series tree" "$(git -C "$T/k" rev-parse 'HEAD^{tree}')" \
	"$(git -C "$src" rev-parse 'aio/refcount-free^{tree}')"
mkdir -p "$T/b"
cp "$cfg" "$T/b/.config"
export CCACHE_DIR="${CCACHE_DIR:-$TOP/kernels/ccache}"
kmake() { make -s -C "$T/k" O="$T/b" CC="ccache gcc" HOSTCC="ccache gcc" -j2 "$@"; }
say "t-post: make prepare"
kmake olddefconfig prepare >"$T/prepare.log" 2>&1 || fail "make prepare: $(tail "$T/prepare.log")"
for c in $(git -C "$T/k" rev-list --reverse base..am); do
	git -C "$T/k" checkout -q "$c"
	s=$(git -C "$T/k" log -1 --format=%s)
	kmake fs/aio.o >"$T/step.log" 2>&1 || fail "$s: fs/aio.o does not build: $(tail "$T/step.log")"
	! grep -q 'warning:' "$T/step.log" || fail "$s: warnings: $(grep 'warning:' "$T/step.log")"
	say "t-post: builds: $s"
done
exit 0
