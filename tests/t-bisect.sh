#!/bin/sh
# make bisect names the commit that lengthened the submit path, in about
# log2(n) boots, skipping a commit that does not build.
#
# A scratch clone of kernels/src ($T/linux, --shared: no objects copied,
# no branch added to kernels/src) gets 16 commits on top of `base`:
# comment and whitespace edits of fs/aio.c (path length unchanged), a
# Documentation edit, a comment in a compiled file elsewhere, one commit
# whose fs/aio.c does not compile (#error; the next one removes it) and one
# that adds a few volatile loads and stores to io_submit_one().  The
# broken commit is the one git bisect tries first, so the bisect must skip
# it.  Cell: IOCB_CMD_POLL on a ready eventfd (exact, one boot per commit,
# ~1700 instructions per I/O; the culprit adds ~10).  Run time: a checkout
# (~70 s), the first build seeded from kernels/build/bench (BISECT_SEED:
# only what differs is compiled, ~3 min of linking on the loaded machine;
# unseeded, a cold build: +5-10 min), ~6 incremental builds (fs/aio.c and
# the link) and ~6 boots.  Measured: 7 min 51 s (make bisect 390 s: 6
# steps of ~30-40 s build + ~10 s boot) beside the other helpers' work;
# 12-15 min at load average 15-20.
# BISECT_NOLOCK=1 (environment) builds beside other kernel builds.
# BISECT_TEST_PROFILE=1 adds the profile (2 boots).
. "$(dirname "$0")/lib.sh"
src=${KSRC:-$TOP/kernels/src}
git -C "$src" rev-parse -q --verify base >/dev/null || fail "no tag base in $src (make src)"
for f in build/host/aiob-cmp build/host/aiob-rec build/initramfs.cpio; do
	[ -r "$TOP/$f" ] || fail "no $f (make tools initramfs)"
done
id=t-$$
L=$T/linux
cleanup() {
	rm -rf "$AIOB_RESULTS/bisect-$id"
	# a clone with a build dir: 1.4 GB, removed in the background
	nohup rm -rf "$T" >/dev/null 2>&1 &
}
trap cleanup EXIT

say "cloning kernels/src into $L (checkout ~70 s)"
git clone -q --shared --no-checkout "$src" "$L" || fail "git clone --shared failed"
git -C "$L" checkout -q --detach base || fail "checkout of base failed"
git -C "$L" config user.name "T Bisect"
git -C "$L" config user.email t-bisect@aiorefbench.invalid
n=0
# commit <subject> <file> <sed script>: an edit of <file>, committed
commit() {
	sed -i "$3" "$L/$2"
	git -C "$L" diff --quiet && fail "commit '$1': the edit changed nothing"
	n=$((n + 1))
	GIT_AUTHOR_DATE="2026-11-26T00:$(printf %02d $n):00Z" GIT_COMMITTER_DATE="2026-11-26T00:$(printf %02d $n):00Z" \
		git -C "$L" commit -q -a -m "$1"
	eval "c$n=\$(git -C \"\$L\" rev-parse HEAD)"
}
A=fs/aio.c
commit "aio: spell out what aio_setup does" $A '0,/^static int __init aio_setup(void)/s//\/* aio_setup: the kiocb and kioctx caches *\/\n&/'
commit "Documentation: a note on the AIO sysctls" Documentation/admin-guide/sysctl/fs.rst '1s/^/.. t-bisect note\n\n/'
commit "aio: blank line before io_submit_one" $A 's/^static int io_submit_one(/\n&/'
commit "lib/cmdline: comment" lib/cmdline.c '1s/^/\/* t-bisect: parses the kernel command line *\/\n/'
commit "aio: comment on the ring's head" $A '0,/^static void aio_free_ring(/s//\/* the ring pages go back here *\/\n&/'
commit "Documentation: typo" Documentation/admin-guide/sysctl/fs.rst '1s/^/.. t-bisect typo\n\n/'
commit "aio: comment io_getevents" $A '0,/^static long read_events(/s//\/* wait for min_nr events *\/\n&/'
commit "aio: a commit that does not build" $A '0,/^static int io_submit_one(/s//#error "t-bisect: this commit does not build"\n&/'
broken=$c8
commit "aio: build again" $A '/^#error "t-bisect/d'
commit "aio: trailing comment on io_submit" $A '0,/^SYSCALL_DEFINE3(io_submit,/s//\/* io_submit: one io_submit_one per iocb *\/\n&/'
commit "lib/cmdline: second comment" lib/cmdline.c '1s/^/\/* t-bisect: memparse and friends *\/\n/'
commit "aio: check the iocb twice" $A '/^static int io_submit_one(/,/^}/s/^\tif (unlikely(copy_from_user(&iocb, user_iocb, sizeof(iocb))))$/\t{\n\t\tvolatile unsigned long t[4];\n\n\t\tt[0] = 1;\n\t\tt[1] = t[0] + 1;\n\t\tt[2] = t[1] + 1;\n\t\tt[3] = t[2] + 1;\n\t}\n&/'
culprit=$c12
commit "aio: whitespace" $A 's/^static long read_events(/\n&/'
commit "Documentation: AIO limits" Documentation/admin-guide/sysctl/fs.rst '1s/^/.. t-bisect limits\n\n/'
commit "aio: comment on aio_read" $A '0,/^static int aio_read(/s//\/* aio_read: IOCB_CMD_PREAD(V) *\/\n&/'
commit "aio: comment on aio_write" $A '0,/^static int aio_write(/s//\/* aio_write: IOCB_CMD_PWRITE(V) *\/\n&/'
git -C "$L" show "$culprit" | grep -q 'volatile unsigned long t\[4\]' || fail "the culprit's edit did not apply"
[ "$(git -C "$L" rev-list --bisect HEAD ^base)" = "$broken" ] ||
	fail "git bisect would not try the broken commit first: the history needs rearranging"

cell=poll/mode=icount/cpu=pu:0/wake=ready
t0=$(date +%s)
rc=0
# the clone is ours: its first build may start from the shared bench
# build dir (bisect/lib.sh, bs_seed) instead of compiling every file
seed=$TOP/kernels/build/bench
[ -r "$seed/aiob-sources" ] || seed=
BISECT_SEED=$seed make -s -C "$TOP" bisect KSRC="$L" GOOD=base BAD="$c16" CELL="$cell" THRESHOLD=0.2 \
	ID="$id" ${BISECT_TEST_PROFILE:+PROFILE=1} >"$T/out" 2>"$T/err" || rc=$?
el=$(( $(date +%s) - t0 ))
bs=$AIOB_RESULTS/bisect-$id
cat "$T/err" >&2
[ $rc -eq 0 ] || { cat "$T/out"; fail "make bisect exited $rc"; }
[ -r "$bs/report.txt" ] || fail "no results/bisect-$id/report.txt"
cat "$bs/report.txt"
expect_eq "first bad commit" "$(cat "$bs/first-bad")" "$culprit"
grep -q "^first bad commit: $(git -C "$L" rev-parse --short=12 "$culprit")" "$bs/report.txt" ||
	fail "the report does not name the culprit first"
grep -q '  aio: check the iocb twice' "$bs/report.txt" || fail "no subject in the report"
grep -q 'author: T Bisect' "$bs/report.txt" || fail "no author in the report"
expect_match "the change" "$(grep 'change:' "$bs/report.txt")" '^  change: \+[0-9]+\.[0-9]{3} instructions/I/O, \+0\.[0-9]{2} %$'
# the broken commit was tried and skipped as unbuildable
grep -q "^$(echo "$broken" | cut -c1-12)	skip	.*does not build" "$bs/steps.tsv" ||
	fail "the broken commit was not skipped as unbuildable: $(cat "$bs/steps.tsv")"
grep -q "git bisect skip $broken" "$bs/bisect.log" || fail "no skip in the bisect log"
# about log2(16) = 4 steps, + the skip, + 1 of slack
steps=$(($(wc -l <"$bs/steps.tsv") - 2))
[ "$steps" -ge 4 ] && [ "$steps" -le 6 ] || fail "$steps bisect steps for 16 commits (want 4-6)"
awk 'length > 72 { exit 1 }' "$bs/report.txt" || fail "report.txt has lines over 72 columns"
# no image of the bisect is left behind
[ -z "$(cat "$bs/images" 2>/dev/null | while read -r i; do [ ! -e "$TOP/kernels/images/$i" ] || echo "$i"; done)" ] ||
	fail "the bisect left its images in kernels/images"
git -C "$L" bisect log >/dev/null 2>&1 && fail "the clone is left in a bisect"
say "bisected 16 commits in $steps steps, $el s"
