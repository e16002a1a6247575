#!/bin/sh
# An image is what its label says, and kernel ids are content ids.
#
# The drill (a user's steps): a scheme whose fs/aio.c hits BUG_ON() on
# the first IOCB_CMD_POLL is built in the shared build dir; then
# kernels/src is removed and imported again (the tarball's old file times,
# older than the objects left in the build dir) and a scheme with stock
# fs/aio.c is built.  kbuild alone would link the BUG_ON object under the
# stock scheme's name; kernels/ledger.sh must recompile fs/aio.c, and the
# image must run a poll without the oops.  On the way: two imports of the
# same tarball give the same `base` commit, the same patches the same
# branch commits, and the image's info names the tree it was built from.
# The old tree is kept aside until the end (and put back if the test
# dies).  ~4 min (an import, two fs/aio.c rebuilds, two boots).
. "$(dirname "$0")/lib.sh"
[ -z "${KSRC:-}" ] || skip "KSRC is set: this drill re-imports kernels/src"
src=$TOP/kernels/src
B=$TOP/kernels/build.sh
[ -r "$TOP/kernels/images/two-refs-bench/bzImage" ] || fail "no two-refs image (make kernels)"
run=t-ledger-$$
old=$src.tmp.t-ledger-$$	# the replaced tree, beside it (a rename)
cleanup() {
	if [ -d "$old" ] && [ ! -e "$old/.done" ]; then	# died half-way: it goes back
		rm -rf "$src"
		mv "$old" "$src"
	fi
	# 150 000 files: deleted in the background
	[ ! -d "$old" ] || nohup rm -rf "$old" >/dev/null 2>&1 &
	git -C "$src" branch -D aio/t-bug aio/t-doc >/dev/null 2>&1
	rm -f "$src/.git/aiorefbench/series/t-"*
	rm -rf "$TOP/kernels/images/t-bug-bench" "$TOP/kernels/images/t-doc-bench" \
		"$AIOB_RESULTS/$run-bug" "$AIOB_RESULTS/$run-doc" "$T"
}
trap cleanup EXIT

# mkscheme <name> <file> <subject> <sed script>: variants/<name>/0001.patch
# in $T/v, a mail that edits <file> of base with sed (no checkout needed)
mkscheme() {
	mkdir -p "$T/v/$1" "$T/a/$(dirname "$2")" "$T/b/$(dirname "$2")"
	git -C "$src" show "base:$2" >"$T/a/$2" || fail "no $2 in base"
	sed "$4" "$T/a/$2" >"$T/b/$2"
	{
		printf 'From: t <t@t>\nDate: Thu, 26 Nov 2026 00:00:00 +0000\n'
		printf 'Subject: [PATCH] %s\n\n---\n' "$3"
		echo "diff --git a/$2 b/$2"
		(cd "$T" && diff -u "a/$2" "b/$2")
	} >"$T/v/$1/0001.patch"
	grep -q '^+[^+]' "$T/v/$1/0001.patch" || fail "$1: the edit changed nothing"
}
mkscheme t-bug fs/aio.c "aio: BUG on poll (t-kernels-ledger)" \
	's/^\tcase IOCB_CMD_POLL:$/&\n\t\tBUG_ON(1);/'
mkscheme t-doc Documentation/filesystems/index.rst \
	"Documentation: a comment (t-kernels-ledger)" '$a t-kernels-ledger'

poll_matrix "$T/m.conf" icount 1 200 40
# poll <kname> <run>: boot the poll cell; $T/poll: its record and console
poll() {
	"$TOP/bench/run.sh" -m "$T/m.conf" -s "$1" -r "$2" >"$T/run.out" 2>&1 ||
		fail "run.sh $1: $(cat "$T/run.out")"
	cat "$AIOB_RESULTS/$2/records.jsonl" "$AIOB_RESULTS/$2"/boots/*/console.log >"$T/poll"
}

# 1. the drill kernel really oopses
VARIANTS=$T/v "$TOP/kernels/branches.sh" t-bug t-doc >/dev/null || fail "branches.sh"
"$B" t-bug bench >"$T/out" 2>&1 || fail "build t-bug: $(cat "$T/out")"
poll t-bug "$run-bug"
expect_match "t-bug fails" "$(cat "$T/poll")" '"ok":false'
expect_match "t-bug oopses" "$(cat "$T/poll")" 'kernel BUG at fs/aio.c'


# 2. kernels/src removed and imported again: the same commits
# Under the builds' lock: a build running meanwhile would lose its tree.
exec 9>"$TOP/kernels/build/.lock"
flock 9
mv "$src" "$old"
"$TOP/kernels/import.sh" >"$T/out" 2>&1 || fail "import: $(cat "$T/out")"
# everyone's branches and series state come along (same commit ids)
git -C "$src" fetch -q --update-head-ok "$old" 'refs/heads/*:refs/heads/*' || fail "fetch of the old branches"
cp -R "$old/.git/aiorefbench" "$src/.git/"
flock -u 9
expect_eq "base commit" "$(git -C "$src" rev-parse base)" "$(git -C "$old" rev-parse base)"
VARIANTS=$T/v "$TOP/kernels/branches.sh" t-doc >/dev/null || fail "branches.sh (new tree)"
expect_eq "branch commit" "$(git -C "$src" rev-parse aio/t-doc)" "$(git -C "$old" rev-parse aio/t-doc)"
[ "$(stat -c %Y "$src/fs/aio.c")" -lt "$(stat -c %Y "$TOP/kernels/build/bench/fs/aio.o")" ] ||
	fail "the fresh tree's fs/aio.c is not older than the build dir's fs/aio.o: no drill"
touch "$old/.done"

# 3. the stock fs/aio.c is recompiled, not relinked from t-bug's object
"$B" t-doc bench >"$T/out" 2>&1 || fail "build t-doc: $(cat "$T/out")"
cat "$T/out"
grep -Eq '^  CC +fs/aio.o$' "$TOP/kernels/build/bench/build.log" ||
	fail "fs/aio.o was not recompiled: $(grep -E '^  (CC|LD) ' "$TOP/kernels/build/bench/build.log" | head)"
info=$TOP/kernels/images/t-doc-bench/info
expect_eq "tree in info" "$(sed -n 's/^tree=//p' "$info")" "$(git -C "$src" rev-parse 'aio/t-doc^{tree}')"
poll t-doc "$run-doc"
expect_match "t-doc polls" "$(cat "$T/poll")" '"ok":true'
! grep -q 'kernel BUG' "$T/poll" || fail "t-doc runs the BUG_ON object: $(cat "$T/poll")"

# 4. the other images still name commits of the tree (same ids)
for s in $(cd "$TOP/variants" && ls); do
	c=$(sed -n 's/^commit=//p' "$TOP/kernels/images/$s-bench/info" 2>/dev/null) || continue
	[ -z "$c" ] || git -C "$src" cat-file -e "$c^{commit}" ||
		fail "$s-bench names commit $c, which the re-imported tree does not have"
done
