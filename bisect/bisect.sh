#!/bin/sh
# bisect/bisect.sh - find the commit that made an icount cell worse:
# `git bisect run` over a kernel tree, one build and one boot per step.
#
# usage: bisect/bisect.sh -s <ksrc> -g <good> -b <bad> -c <cell|job>
#                         [-m metric] [-t threshold-%] [-n reps]
#                         [-f matrix] [-C control-cell|none] [-P] [-i id]
#   -s  a Linux git tree (clean; it is checked out, and reset at the end)
#   -g, -b  revisions: GOOD is an ancestor of BAD
#   -c  a cell id, or a job with one cell, of the matrix (-f, default
#       bench/matrix.conf); icount mode only (see below)
#   -m  the metric judged (default ns_per_op, = instructions per I/O)
#   -t  THRESHOLD: worse by more than this % is bad (default 1)
#   -n  boots per commit (default: 1 for exact cells, 5 for cells with
#       boot-entropy variance: null_blk in mq mode, loop)
#   -C  the control cell (default: the matrix's control with the cell's
#       device, queue mode and depth, if any; a moved control = skip)
#   -P  also profile the first bad commit against its parent (profile/,
#       per function: instructions, atomics, loads, stores; ~2 boots)
#   -i  id: $AIOB_RESULTS/bisect-<id>/ (default results/; id default:
#       <date>-<host>, bench/loop.sh's pattern)
#
# Each commit's kernel is built out of tree in <ksrc>/.aiob-bisect-bench
# with the bench config fragments and ccache (kernels/kbuild.sh), named
# b<tag>-<commit10> in kernels/images/ while the bisect runs; the cell boots
# through bench/run.sh; build/host/aiob-cmp gate judges each commit
# against GOOD's boots (bisect/step.sh).  Writes results/bisect-<id>/:
# report.txt (72 columns), bisect.log, steps.tsv, runs/, gate/.
# Builds wait for kernels/build/.lock; BISECT_NOLOCK=1 builds beside a
# locked build, niced (the bisect's tree and build dir are its own).
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/bench/loop.sh"

src= good= bad= cellarg= metric=ns_per_op threshold=1 reps= cfg=bench
matrix=$TOP/bench/matrix.conf control= prof= id=
while getopts s:g:b:c:m:t:n:f:C:Pi: o; do
	case $o in
	s) src=$OPTARG ;; g) good=$OPTARG ;; b) bad=$OPTARG ;; c) cellarg=$OPTARG ;;
	m) metric=$OPTARG ;; t) threshold=$OPTARG ;; n) reps=$OPTARG ;;
	f) matrix=$OPTARG ;; C) control=$OPTARG ;; P) prof=1 ;; i) id=$OPTARG ;;
	*) die "bad option; see the header of $0" ;;
	esac
done
[ -n "$src" ] && [ -n "$good" ] && [ -n "$bad" ] && [ -n "$cellarg" ] ||
	die "usage: make bisect KSRC=<linux git tree> GOOD=<rev> BAD=<rev> CELL=<cell or job> [METRIC=] [THRESHOLD=] [REPS=] [PROFILE=1]"
for t in aiob-cmp aiob-rec; do
	[ -x "$TOP/build/host/$t" ] || die "no build/host/$t (make tools)"
done
[ -r "$TOP/build/initramfs.cpio" ] || die "no build/initramfs.cpio (make initramfs)"
src=$(cd "$src" 2>/dev/null && git rev-parse --show-toplevel 2>/dev/null) ||
	die "KSRC=$src: not a git work tree"
git -C "$src" diff --quiet HEAD -- ||
	die "$src has uncommitted changes: commit or stash them (the bisect checks out commits there)"
! git -C "$src" bisect log >/dev/null 2>&1 ||
	die "$src: a bisect is already in progress (git -C $src bisect reset)"
good=$(git -C "$src" rev-parse -q --verify "$good^{commit}") || die "GOOD: no such revision in $src"
bad=$(git -C "$src" rev-parse -q --verify "$bad^{commit}") || die "BAD: no such revision in $src"
git -C "$src" merge-base --is-ancestor "$good" "$bad" || die "GOOD is not an ancestor of BAD"
[ "$good" != "$bad" ] || die "GOOD and BAD are the same commit"

# ---- the cell, its control, and how many boots a commit needs ----
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT	# until finish() below takes over
"$TOP/bench/matrix.sh" -a "$tmp/args.tsv" "$matrix" >"$tmp/cells.tsv" || exit 1
get() { printf '%s\n' "$2" | tr '\t' '\n' | sed -n "s/^$1=//p" | head -n1; }
line=$(awk -F '\t' -v c="$cellarg" '$1 == "job=" c || $2 == "cell=" c' "$tmp/cells.tsv")
[ -n "$line" ] || die "CELL=$cellarg: no such cell or job in ${matrix#$TOP/} (make bench-list MATRIX=... lists them)"
[ "$(printf '%s\n' "$line" | wc -l)" -eq 1 ] ||
	die "CELL=$cellarg is a job of several cells; name one: $(printf '%s\n' "$line" | cut -f2 | sed 's/^cell=//' | paste -sd' ')"
cell=$(get cell "$line") mode=$(get mode "$line")
case $mode in
icount) ;;
*)	die "CELL=$cell runs in $mode mode: a bisect step must answer yes or no, and a $mode measurement on this shared machine needs ~5-10 boots per kernel and can still not decide (noise, drift between steps).  Bisect the icount cell of the same workload (path length, exact to one instruction; e.g. the job's cell with mode = icount in a matrix of your own), then confirm the commit found with make gate on a wall or host run of its kernel and its parent's." ;;
esac
dev=$(get device "$line") qm=$(get queue_mode "$line")
if [ -z "$reps" ]; then
	reps=5
	case $dev in ""|none) reps=1 ;; nullb) [ "${qm:-2}" != 0 ] || reps=1 ;; esac
fi
gateopt=
[ "$reps" -gt 1 ] || gateopt=-x
# the control: same device, queue mode, irq mode, depth, loop size
if [ -z "$control" ]; then
	control=$(awk -F '\t' -v ln="$line" '
		function kv(l, k,   a, i, n) { n = split(l, a, "\t")
			for (i = 1; i <= n; i++) if (index(a[i], k "=") == 1) return substr(a[i], length(k) + 2)
			return "" }
		FILENAME == ARGV[1] { if ($2 ~ /control=true/) ctl[$1] = 1; next }
		{ c = kv($0, "cell"); if (!(c in ctl)) next
		  split("mode device queue_mode irqmode qd loop_mb smp", ks, " ")
		  for (i in ks) if (kv($0, ks[i]) != kv(ln, ks[i])) next
		  print c; exit }' "$tmp/args.tsv" "$tmp/cells.tsv")
fi
[ "$control" != none ] || control=
cline=
if [ -n "$control" ]; then
	cline=$(awk -F '\t' -v c="$control" '$2 == "cell=" c' "$tmp/cells.tsv")
	[ -n "$cline" ] || die "CONTROL=$control: no such cell in ${matrix#$TOP/}"
fi

id=bisect-${id:-$(loop_id)}
bs=$AIOB_RESULTS/$id
[ ! -e "$bs" ] || die "${bs#$TOP/} exists: choose another ID="
mkdir -p "$bs"
# The matrix of a step: the cell and its control, reps boots each.
section() {	# section <cells.tsv line>: the cell as a [job] of its own
	printf '\n[%s]\n' "$(get job "$1")"
	printf '%s\n' "$1" | tr '\t' '\n' | grep -Ev '^(job|cell|schemes|reps)=' | sed 's/=/ = /'
}
{
	echo "# $id: $cell${control:+ and its control $control}, from ${matrix#$TOP/}"
	printf '[global]\nreps = %s\n' "$reps"
	section "$line"
	[ -z "$cline" ] || section "$cline"
} >"$bs/matrix.conf"
rm -rf "$tmp"
cat >"$bs/env" <<EOF
src='$src' cfg=$cfg id=$id good=$good bad=$bad metric=$metric threshold=$threshold
reps=$reps gateopt=$gateopt cell='$cell' control='$control' ledger_base=$good
ktag=$(echo "$id $(hostname) $$" | sha256sum | cut -c1-4)
JOBS=\${JOBS:-2}; export JOBS
EOF
. "$bs/env"
. "$TOP/bisect/lib.sh"
: >"$bs/steps.tsv"
t_start=$(date +%s)
orig=$(git -C "$src" symbolic-ref -q --short HEAD || git -C "$src" rev-parse HEAD)
started=
finish() {
	rc=$?
	[ -z "$started" ] || git -C "$src" bisect reset >/dev/null 2>&1 || true
	git -C "$src" checkout -q "$orig" 2>/dev/null || true
	if [ -z "${BISECT_KEEP_IMAGES:-}" ] && [ -r "$bs/images" ]; then
		sort -u "$bs/images" | while read -r i; do rm -rf "$TOP/kernels/images/$i"; done
	fi
	[ "$rc" -eq 0 ] || say "bisect stopped; what it did is in ${bs#$TOP/}/ (steps.tsv, build.log, boot.log)"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
say "$id: $cell, $reps boot(s) per commit, threshold $threshold %, $(git -C "$src" rev-list --count "$good..$bad") commits in ${good%"${good#????????????}"}..${bad%"${bad#????????????}"}"

# ---- GOOD and BAD: the reference, and proof there is something to find ----
# measure <commit> <label>: build and boot; 0, or die saying why
measure() {
	git -C "$src" checkout -q --detach "$1"
	say "$2: building $(git -C "$src" log -1 --format='%h %s' "$1") (log: ${bs#$TOP/}/build.log)"
	r=0; bs_image "$1" >>"$bs/build.log" 2>&1 || r=$?
	[ $r -ne 2 ] || die "$2 cannot satisfy the config fragments: $(tail -n1 "$bs/unsatisfied" | cut -f2)"
	[ $r -eq 0 ] || die "$2 does not build: $(grep -E 'error' "$src/.aiob-bisect-$cfg/build.log" | head -n3 | paste -sd' ')"
	say "$2: booting the cell $reps time(s)${control:+, and its control}"
	bs_measure "$1" >>"$bs/boot.log" 2>&1 || die "$2: bench/run.sh failed, see ${bs#$TOP/}/boot.log"
	bs_booted "$(bs_kname "$1")" || die "$2: a boot failed, see ${bs#$TOP/}/runs/$(bs_kname "$1")"
}
measure "$good" GOOD
bs_kname "$good" >"$bs/good.kname"
printf '%s\tgood\t%s\t-\t-\tGOOD\n' "$(echo "$good" | cut -c1-12)" "$(bs_value "$(bs_kname "$good")")" >>"$bs/steps.tsv"
measure "$bad" BAD
rc=0; bs_gate "$bad" || rc=$?
printf '%s\t%s\t%s\t-\t-\tBAD\n' "$(echo "$bad" | cut -c1-12)" "$([ $rc = 1 ] && echo bad || echo "gate=$rc")" \
	"$(bs_value "$(bs_kname "$bad")")" >>"$bs/steps.tsv"
case $rc in
1) ;;
0) die "BAD is not worse than GOOD by more than $threshold % on $cell ($metric $(bs_value "$(bs_kname "$good")") -> $(bs_value "$(bs_kname "$bad")")): nothing to bisect; a lower THRESHOLD?" ;;
*) die "the gate cannot tell BAD from GOOD: $(grep -v '^gate:' "$bs/gate/$(bs_kname "$bad").txt" | head -n2 | paste -sd' ')" ;;
esac

# ---- the bisection ----
say "bisecting: one build and $reps boot(s) per step (progress: ${bs#$TOP/}/steps.tsv)"
started=1
git -C "$src" bisect start "$bad" "$good" >/dev/null
# git's chatter to bisect-run.log, each step's verdict to the terminal too
{ (cd "$src" && git bisect run "$TOP/bisect/step.sh" "$bs"); echo $? >"$bs/run.rc"; } 2>&1 |
	tee "$bs/bisect-run.log" | grep --line-buffered '^step.sh: ' >&2 || true
rc=$(cat "$bs/run.rc")
git -C "$src" bisect log >"$bs/bisect.log" 2>&1 || true
first=
if grep -q 'is the first bad commit' "$bs/bisect-run.log"; then
	first=$(git -C "$src" rev-parse refs/bisect/bad)
else
	say "git bisect run did not name one commit (exit $rc): $(grep -E 'only skipped|first bad commit could be|bisect run' "$bs/bisect-run.log" | tail -n3 | paste -sd' ')"
fi
git -C "$src" bisect reset >/dev/null 2>&1 || true
started=
echo "${first:-}" >"$bs/first-bad"
echo $(( $(date +%s) - t_start )) >"$bs/seconds"

# ---- the profile of the first bad commit against its parent ----
if [ -n "$first" ] && [ -n "$prof" ]; then
	parent=$(git -C "$src" rev-parse "$first^")
	for c in "$parent" "$first"; do
		git -C "$src" checkout -q --detach "$c"
		bs_image "$c" >>"$bs/build.log" 2>&1 || die "cannot build $c for the profile"
	done
	bench=$(get bench "$line")
	pcell=$(awk -v b="$bench" '/^\[/ { j = substr($0, 2, length($0) - 2); ok = 1 }
		/^smp *=/ { ok = 0 } $0 ~ "^bench *= *" b "$" && ok && !p { p = j } END { print p }' "$TOP/profile/cells.conf")
	if [ -z "$pcell" ]; then
		say "no cell in profile/cells.conf runs $bench: no profile"
	else
		say "profiling $pcell: $(bs_kname "$first") against $(bs_kname "$parent")"
		AIOB_NO_LATEST=1 "$TOP/profile/profile.sh" -r "$id/profile" -c "$pcell" \
			-b "$(bs_kname "$parent")" -s "$(bs_kname "$first")" >>"$bs/profile.log" 2>&1 ||
			say "the profile failed, see ${bs#$TOP/}/profile.log"
		echo "$pcell" >"$bs/profile-cell"
	fi
fi

"$TOP/bisect/report.sh" "$bs" >"$bs/report.txt"
cat "$bs/report.txt"
say "report: ${bs#$TOP/}/report.txt"
[ -n "$first" ]
