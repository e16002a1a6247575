# tests/lib.sh - helpers for tests/t-*.sh; sourced.
# A test is a shell script that exits 0 (pass), 1 (fail) or 77 (skip),
# printing why on failure.  Scratch space: $T (removed afterwards).
# shellcheck shell=sh
. "$(dirname "$0")/../scripts/lib.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/aiob-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
# The host tools under test are the ASan/UBSan builds (make host-san):
# a memory error, leak or undefined behaviour exits 99.
REC=$TOP/build/host-san/aiob-rec
CMP=$TOP/build/host-san/aiob-cmp
TBL=$TOP/build/host-san/aiob-table
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:exitcode=99
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=99
export AIOB_CMP=$CMP	# plot/plots.sh
export AIOB_TABLE=$TBL	# the scripts' reports (profile, scorecard)
export AIOB_NO_LATEST=1	# scratch runs must not repoint results/latest
# Runs go to the test's scratch directory, never into results/.
AIOB_RESULTS=$T/results
export AIOB_RESULTS
mkdir -p "$AIOB_RESULTS"
export CK_PROBLEM_PATTERNS="$TOP/bench/guest/problem-patterns"	# ck-run on the host

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
# in_session <command...>: the command in a session (process group) of
# its own with SIGINT at its default, as in a terminal (a shell starts
# background jobs with SIGINT ignored, and a script cannot undo that);
# only with & (it execs: $! is then the group), and signal the group as
# Ctrl-C does: kill -INT -- -$!
in_session() {
	exec python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.setsid()
os.execvp(sys.argv[1], sys.argv[1:])' "$@"
}
# wait_guest <regex> <log>: wait up to 120 s for a QEMU whose command line
# matches <regex> (e.g. its run directory); fails showing <log>
wait_guest() {
	wg=0
	while ! pgrep -f "qemu-system.*$1" >/dev/null; do
		sleep 0.2; wg=$((wg + 1))
		[ $wg -lt 600 ] || fail "no guest started: $(cat "$2")"
	done
}
# STOP_MAX: seconds a run stopped by Ctrl-C or SIGTERM may take to exit.
# The stop kills the guest at once (0-2 s on a quiet machine); the bound
# leaves room for a loaded 2-core box (11 s seen beside a kernel build
# and two other guests) and still fails a run that waits for its boot
# to end (a check boot needs 45 s or more past the signal, a bench boot
# minutes), and the tests also check that nothing was recorded.
STOP_MAX=30
skip() { printf 'SKIP: %s\n' "$*" >&2; exit 77; }
# expect_eq <what> <got> <want>
expect_eq() { [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"; }
# expect_match <what> <text> <extended-regex>
expect_match() { printf '%s\n' "$2" | grep -Eq -- "$3" || fail "$1: '$2' does not match /$3/"; }
# field <records> <dotted.path> : the field of every record, one per line
field() { "$REC" tsv "$1" "$2"; }

# scheme_aio_c <scheme>: needs <scheme>'s bench image and the initramfs;
# writes fs/aio.c of the commit the image was built from to $T/aio.c and
# sets $img and $commit.
scheme_aio_c() {
	img=$TOP/kernels/images/$1-bench
	[ -r "$img/bzImage" ] || fail "no $img (make kernels)"
	[ -r "$TOP/build/initramfs.cpio" ] || fail "no initramfs (make initramfs)"
	commit=$(sed -n 's/^commit=//p' "$img/info")
	tree=$(sed -n 's/^tree=//p' "$img/info")	# outlives a re-applied series' commit ids
	git -C "${KSRC:-$TOP/kernels/src}" show "${tree:-$commit}:fs/aio.c" >"$T/aio.c" ||
		fail "no fs/aio.c at ${tree:-$commit} (make kernels)"
}

# check_mutants <scheme>: at least 3 mutants, names of at most 20
# characters (the kernel release), each with 'Caught-by:' trailers (what
# must catch it: check/report/caught.h) before its diff; sets $n
# to their number.
check_mutants() {
	n=0
	for m in "$TOP/variants/$1"/mutants/*.patch; do
		[ -e "$m" ] || continue
		n=$((n + 1))
		mn=$(basename "$m" .patch)
		[ ${#mn} -le 20 ] || fail "$mn: mutant name longer than 20 characters"
		sed '/^---$/q' "$m" | grep -q '^Caught-by: ' ||
			fail "$mn: no 'Caught-by:' trailer (check/report/caught.h)"
		bad=$(sed '/^---$/q' "$m" | grep '^Caught-by: ' |
			grep -Ev '^Caught-by: ck-[a-z0-9]+ (hang|result|kernel .+)$' || true)
		[ -z "$bad" ] || fail "$mn: malformed: $bad"
		for p in $(sed '/^---$/q' "$m" | sed -n 's/^Caught-by: ck-\([a-z0-9]*\) .*/\1/p'); do
			[ -r "$TOP/check/$p.c" ] || fail "$mn: Caught-by: ck-$p: no check/$p.c"
		done
		bad=$(sed '/^---$/q' "$m" | sed -n 's/^Caught-by: ck-[a-z0-9]* kernel //p' |
			while IFS= read -r re; do
				echo | grep -Eq -- "$re" 2>/dev/null; [ $? -le 1 ] || echo "$re"
			done)
		[ -z "$bad" ] || fail "$mn: bad ERE: $bad"
	done
	[ $n -ge 3 ] || fail "only $n mutants in variants/$1/mutants"
}

# guest_result <file>: a framed guest result (bench/guest/init's framing)
# of a two-refs boot with two aio-rw result lines, noise before the frame.
guest_result() {
	cat >"$1" <<'R'
noise before the frame
AIOB-BEGIN 1
uname 6.1.192-two-refs
R {"workload":"aio-rw","params":{"qd":1},"metrics":{"ns_per_op":5030.5}}
R {"workload":"aio-rw","params":{"qd":1},"metrics":{"ns_per_op":5031.5}}
status 0
AIOB-END
R
}

# prof_boot <smp> <guest command...>: one icount boot of the two-refs bench
# kernel with <smp> vCPUs running the command under the profiler
# (profile/plugin); checks that it ran (status 0, one window) and sets
# $P (profile.tsv) and $L (lines.tsv).  col <function> <column> then reads
# $P: 3 insns 4 atomics 5 loads 6 stores 7 entries 8 lock 9 xchg 10 uplock
# 11 xfer_reads 12 xfer_writes 13 xfer_atomics.
prof_boot() {
	pb_smp=$1; shift
	pb_so=$TOP/build/profile/aiob-prof.so
	[ -r "$TOP/kernels/images/two-refs-bench/bzImage" ] || fail "no two-refs-bench kernel (make kernels)"
	[ -r "$pb_so" ] || fail "no $pb_so (make tools)"
	[ -x "$TOP/build/guest/$1" ] || fail "no build/guest/$1 (make tools)"
	mkdir -p "$T/job"
	printf '#!/bin/sh\nexec %s\n' "$*" >"$T/job/run"
	chmod +x "$T/job/run"
	"$TOP/profile/umap.sh" "$TOP/build/guest/$1" >"$T/umap"
	AIOB_PLUGIN="$pb_so,out=@OUT@/profile.tsv,lines=@OUT@/lines.tsv,map=@IMG@/System.map,umap=$T/umap" \
	QEMU_NVME=0 "$TOP/bench/run-cell.sh" -m icount -p "$pb_smp" -k two-refs -j "$T/job" \
		-o "$T/out" -t 300 ||
		fail "boot failed: $(tail -n 5 "$T/out/result.txt" "$T/out/qemu.log" 2>&1)"
	P=$T/out/profile.tsv L=$T/out/lines.tsv
	[ -r "$P" ] || fail "no profile.tsv"
	grep -q '^status 0' "$T/out/result.txt" || fail "$1 failed: $(cat "$T/out/result.txt")"
	expect_eq "windows (begin end bad)" \
		"$(awk -F'\t' '$1 == "# windows" { print $2, $3, $4 }' "$P")" "1 1 0"
}
col() { awk -F'\t' -v f="$1" -v c="$2" '$1 == f { print $c }' "$P"; }

# poll_matrix <file> <mode> <reps> <ops> <timeout> [wake...]: a matrix of
# one aio-poll job (wake = ready unless given), warm-up 10
poll_matrix() {
	f=$1 m=$2 r=$3 o=$4 t=$5
	shift 5
	printf '[global]\nmode = %s\nreps = %s\nops = %s\nwarmup = 10\ntimeout = %s\n' \
		"$m" "$r" "$o" "$t" >"$f"
	printf '[poll]\nbench = aio-poll\nwake = %s\n' "${*:-ready}" >>"$f"
}

# ck_verdict <check-run-dir> <kname> [rep]: ck-report's verdict of that
# boot (ok, FAILED, caught, MISCAUGHT, SURVIVED), from its TSV (-t)
ck_verdict() {
	"$TOP/build/host/ck-report" -t -V "$TOP/variants" "$1/records.jsonl" |
		awk -F '\t' -v k="$2" -v r="${3:-1}" '$1 == k && $4 == r { print $8 }'
}
