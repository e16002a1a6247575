#!/bin/sh
# report/post.sh - a scheme's series as mails ready for `git send-email`
# (never sent): `git format-patch --cover-letter` of branch aio/<scheme>
# against tag base, From and Signed-off-by the user's git identity, To/Cc
# from the kernel tree's scripts/get_maintainer.pl (MAINTAINERS only: the
# imported tree has no history), the cover letter filled in, checkpatch
# run on every patch and its findings printed.
#
# usage: report/post.sh [-b BASE] [-c CALIB_DIR] [-p PROFILE_RUN]
#                       [-k CHECK_RUN] [-o OUTDIR] SCHEME RUN
#   RUN: the bench run whose scorecard (report/scorecard.sh, the same
#   page `make scorecard` prints) goes into the cover letter verbatim;
#   -b -c -p -k are passed to it.  OUTDIR (default build/post/SCHEME) is
#   emptied and gets 0000-cover-letter.patch, 000N-*.patch, scorecard.txt
#   and checkpatch.txt.  The cover letter's subject and problem statement
#   come from variants/SCHEME/cover.txt (first line: the subject).
#   Exit 1 when checkpatch reports anything but unknown commit ids (the
#   imported tree has no history to look them up in).
#   Environment: KSRC (kernel tree with tag base and branch aio/SCHEME,
#   default kernels/src), AIOB_CMP, AIOB_REC, AIOB_CKREPORT (the tools).
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

usage="usage: $0 [-b BASE] [-c CALIB] [-p PROFILE] [-k CHECK] [-o DIR] SCHEME RUN"
base=two-refs out= cdir= sc_opts=
while getopts b:c:p:k:o: o; do
	case $o in
	b) base=$OPTARG ;; c) cdir=$OPTARG ;; o) out=$OPTARG ;;
	p | k) sc_opts="$sc_opts -$o $OPTARG" ;;
	*) die "$usage" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 2 ] || die "$usage"
scheme=$1 run=${2%/}
src=${KSRC:-$TOP/kernels/src}
vdir=$TOP/variants/$scheme
out=${out:-$TOP/build/post/$scheme}
REC=${AIOB_REC:-$TOP/build/host/aiob-rec}

# The author: refuse a series nobody signs.
name=$(git -C "$TOP" config user.name || true)
email=$(git -C "$TOP" config user.email || true)
[ -n "$name" ] && [ -n "$email" ] ||
	die "no git identity: the series is From and Signed-off-by you; set it with" \
		"git config --global user.name 'Your Name' and" \
		"git config --global user.email you@example.org"
ident="$name <$email>"

[ -d "$vdir" ] || die "no scheme $scheme (have: $(ls "$TOP/variants" | tr '\n' ' '))"
[ -r "$vdir/cover.txt" ] ||
	die "no $vdir/cover.txt: the cover letter's subject (first line) and problem statement"
git -C "$src" rev-parse -q --verify base >/dev/null || die "no tag base in $src (make src)"
tip=$(git -C "$src" rev-parse -q --verify "refs/heads/aio/$scheme") ||
	die "no branch aio/$scheme in $src (make branches)"
set -- "$vdir"/*.patch
[ -e "$1" ] || die "variants/$scheme has no patches: nothing to post"
n=$(git -C "$src" rev-list --count "base..$tip")
[ "$n" -eq $# ] || die "aio/$scheme has $n commits, variants/$scheme $# patches (make branches)"
[ -e "$run" ] || die "no run $run (make, or RUN=<id>)"
if [ -z "$cdir" ]; then	# beside the run, else in results/
	for d in "$(dirname "$(readlink -f "$run")")" "$AIOB_RESULTS"; do
		cdir=$d/calib-latest
		[ -e "$cdir" ] || cdir=$(ls -td "$d"/calib-*/ 2>/dev/null | head -n 1 | sed 's,/$,,')
		[ -z "$cdir" ] || break
	done
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/post.XXXXXX")
trap 'rm -rf "$W"' EXIT

# The scorecard, exactly as make scorecard prints it.
# shellcheck disable=SC2086
"$TOP/report/scorecard.sh" -b "$base" ${cdir:+-c "$cdir"} $sc_opts "$run" >"$W/scorecard.txt" ||
	die "report/scorecard.sh failed on $run"

# The series, re-authored: a scratch repository sharing the tree's objects.
say "post $scheme: $n patches by $ident"
git clone -q --shared --no-checkout "$src" "$W/k"
export GIT_AUTHOR_NAME="$name" GIT_AUTHOR_EMAIL="$email"
export GIT_COMMITTER_NAME="$name" GIT_COMMITTER_EMAIL="$email"
new=$(git -C "$src" rev-parse base)
for c in $(git -C "$W/k" rev-list --reverse "base..$tip"); do
	git -C "$W/k" log -1 --format=%B "$c" >"$W/msg"
	grep -q '^Signed-off-by: .*@localhost>' "$W/msg" &&
		die "$(git -C "$W/k" log -1 --format=%s "$c"): variants/$scheme claims a placeholder Signed-off-by; remove it"
	git interpret-trailers --in-place --if-exists addIfDifferent \
		--trailer "Signed-off-by: $ident" "$W/msg"
	GIT_AUTHOR_DATE=$(git -C "$W/k" log -1 --format=%aD "$c")
	GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
	export GIT_AUTHOR_DATE GIT_COMMITTER_DATE
	new=$(git -C "$W/k" commit-tree "$c^{tree}" -p "$new" -F "$W/msg")
done
[ "$(git -C "$W/k" rev-parse "$new^{tree}")" = "$(git -C "$W/k" rev-parse "$tip^{tree}")" ] ||
	die "internal: the re-authored series is not aio/$scheme's tree"

# To: maintainers, Cc: reviewers and lists, of the files the series touches.
files=$(git -C "$W/k" diff --name-only base "$new")
gm() { (cd "$src" && perl scripts/get_maintainer.pl --nogit --nogit-fallback \
	--norolestats "$@" -f $files) | sort -u | paste -sd, - | sed 's/,/, /g'; }
to=$(gm --m --nor --nol) cc=$(gm --nom --r --l)
[ -n "$to$cc" ] || die "scripts/get_maintainer.pl found nobody for $files"

rm -rf "$out"
mkdir -p "$out"
git -C "$W/k" -c user.name="$name" -c user.email="$email" format-patch -q \
	--cover-letter --base=base ${to:+--to="$to"} ${cc:+--cc="$cc"} -o "$out" "base..$new"
cp "$W/scorecard.txt" "$out/scorecard.txt"

# The cover letter's text.
rel() { echo "${1#"$TOP"/}"; }
runid=$(basename "$(readlink -f "$run")")
"$REC" tsv "$run" host.name,host.cpu,host.qemu,mode,host.accel | sort -u >"$W/hosts"
"$REC" tsv "$run" scheme,kernel.tree | sort -u >"$W/trees"
grep -q "^$scheme	" "$W/trees" || die "$run has no records of $scheme"
awk -F'\t' -v s="$scheme" -v t="$(git -C "$src" rev-parse "$tip^{tree}")" '$1 == s && $2 != t { exit 1 }' \
	"$W/trees" || say "warning: $run measured $scheme on another source tree than aio/$scheme's"
{
	sed 1d "$vdir/cover.txt"
	printf '\nNumbers\n-------\n\n'
	cat "$W/scorecard.txt"
	printf '\nHow they were measured\n----------------------\n\n'
	printf 'aiorefbench %s%s, run %s:\n\n' \
		"$(git -C "$TOP" rev-parse --short=12 HEAD)" \
		"$(git -C "$TOP" diff --quiet HEAD -- 2>/dev/null || echo ' (modified)')" "$runid"
	printf '  make             # kernels, bench/matrix.conf, report\n'
	printf '  make profile     # atomics, line transfers per I/O (TCG plugin)\n'
	printf '  make check-lifetime   # debug kernels, every mutant\n'
	printf '  make calibrate   # what this machine charges per event\n'
	printf '  make scorecard RUN=%s BASE=%s\n\n' "$runid" "$base"
	# shellcheck disable=SC2016
	awk -F'\t' -v t="$(git -C "$src" rev-parse "$tip^{tree}")" -v s="$scheme" '$1 == s {
		printf "%s kernel: source tree %s,\n  %s\n", s, substr($2, 1, 12),
			$2 == t ? "the final tree of this series" : "NOT the tree of this series, " substr(t, 1, 12) }' \
		"$W/trees"
	awk -F'\t' '{ printf "%s mode: QEMU %s\n  %s\n  on %s (host %s)\n", $4, $3, $5, $2, $1 }' "$W/hosts"
	if [ -n "$cdir" ] && [ -r "$cdir/costs.tsv" ]; then
		printf 'calibration %s/costs.tsv:\n' "$(rel "$cdir")"
		awk -F'\t' '/^# machine/ { printf "  %s (%s), %s\n", $3, $2, $4 }
			!/^#/ { printf "  %s%s %.2f +- %.2f ns\n", $1, $2 == "-" ? "" : " " $2, $3, $4 }' \
			"$cdir/costs.tsv"
	else
		printf 'calibration: none (make calibrate): no predicted ns\n'
	fi
	printf 'kernels: base %s, Debian linux-source-6.1 imported (no\n' \
		"$(git -C "$src" rev-parse --short=12 base)"
	printf '  history), kernels/configs/bench.config on tinyconfig\n'
	printf '\nCorrectness coverage\n--------------------\n\n'
	printf 'See "correctness" above (make check-lifetime: KASAN, lockdep,\n'
	printf 'DEBUG_OBJECTS, DEBUG_LIST, fault injection).  Mutants of this\n'
	printf 'series, each of which the suite must catch:\n'
	for m in "$vdir"/mutants/*.patch; do
		[ -e "$m" ] || continue
		printf '  %s\n' "$(basename "$m" .patch)"
	done
	printf '\nThe lifetime rule, step by step, and every race window:\n'
	printf 'variants/%s/LIFETIME.md in aiorefbench.\n' "$scheme"
} >"$W/blurb"
awk -v subj="$(head -n 1 "$vdir/cover.txt")" -v blurb="$W/blurb" '
	/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subj) }
	/^\*\*\* BLURB HERE \*\*\*$/ { while ((getline l < blurb) > 0) print l; next }
	{ print }' "$out/0000-cover-letter.patch" >"$W/cover"
mv "$W/cover" "$out/0000-cover-letter.patch"
long=$(sed -n '/^$/,$p' "$out/0000-cover-letter.patch" | awk 'length > 72' | head -n 3)
[ -z "$long" ] || say "warning: cover letter lines over 72 columns: $long"

# checkpatch, in the kernel tree (it looks commit ids up in its git).
say "checkpatch:"
for p in "$out"/0*.patch; do
	case $p in */0000-cover-letter.patch) continue ;; esac
	(cd "$src" && perl scripts/checkpatch.pl --strict "$p") >"$W/cp" 2>&1 || true
	printf '%s: %s\n' "$(basename "$p")" "$(grep '^total:' "$W/cp" || echo 'checkpatch printed no total')"
	grep -E '^(ERROR|WARNING|CHECK):' "$W/cp" | sed 's/^/  /' || true
done | tee "$out/checkpatch.txt"
if grep -E '^  (ERROR|WARNING|CHECK):' "$out/checkpatch.txt" | grep -qv 'Unknown commit id'; then
	say "$(rel "$out"): checkpatch findings above need fixing before posting"
	exit 1
fi
say "$(rel "$out"): $(ls "$out"/0*.patch | wc -l) mails; to send: git send-email $(rel "$out")/0*.patch"
