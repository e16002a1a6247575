#!/bin/sh
# bench/run.sh - run a benchmark matrix over every scheme.
#
# usage: bench/run.sh [-m matrix.conf] [-r run-id] [-s "schemes"] [-c config]
#                     [-M "modes"] [-n] [-u] [-H sshloginfile]
#   -m  matrix file (default bench/matrix.conf)
#   -r  run id (default <date>-<host>); an existing $AIOB_RESULTS/<run-id>
#       (default results/) is resumed: cells already recorded are skipped
#   -s  schemes (default: the matrix's schemes=, "all" = every variants/*)
#   -M  only these modes (icount wall host)
#   -n  dry run: check everything, print the plan; writes nothing
#   -u  up-to-date mode (what `make` uses): reuse the newest run made from
#       exactly the same inputs (matrix, kernels, initramfs, programs);
#       resume it if it was interrupted, do nothing if it is complete
#   -H  fan the boots out over the hosts of an sshlogin file (GNU
#       parallel's format, ":" = this machine): bench/fanout.sh
#
# Every (cell, scheme, rep) is one boot.  Order: rep-major, then cell, then
# scheme -- A B C A B C -- so slow drift hits every scheme alike.  Records
# are appended to results/<run-id>/records.jsonl as each boot ends, a
# boot's records with one write and fsync (all or none); a boot is done
# when its records are in that file (the file `done` is only a cache of
# that).  Each boot runs in bench/boot.sh, here or (-H) on another host.  Resuming moves a torn last record aside (aiob-rec repair) and
# runs its boot again.  Every file the run keeps is written under a
# temporary name and renamed; the guest image snapshot is checked against
# its hash before each boot.  A full disk, or any other stop, ends with the
# command that resumes the run.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/bench/guest/frame.sh"
. "$TOP/bench/cell.sh"
. "$TOP/bench/loop.sh"

matrix=$TOP/bench/matrix.conf run= schemes_opt= modes_opt= dry= cfg=bench
uptodate= hosts=
while getopts m:r:s:M:c:nuH: o; do
	case $o in
	m) matrix=$OPTARG ;; r) run=$OPTARG ;; s) schemes_opt=$OPTARG ;;
	M) modes_opt=$OPTARG ;; c) cfg=$OPTARG ;; n) dry=1 ;; u) uptodate=1 ;;
	H) hosts=$OPTARG ;;
	*) die "bad option; see the header of $0" ;;
	esac
done
[ -r "$matrix" ] || die "no matrix file $matrix"
if [ -n "$hosts" ]; then
	[ -r "$hosts" ] || die "-H: no sshlogin file $hosts"
	hosts=$(readlink -f "$hosts")
	command -v parallel >/dev/null || die "-H needs GNU parallel: make deps"
fi
all_schemes=$(cd "$TOP/variants" && ls -d */ | tr -d / | tr '\n' ' ')

# ---- the plan, checked before anything boots or is written ----
# The matrix against the programs' schemas (bench/programs/*/meta), every
# problem at once; the cells and their record options go to $tmp until
# the run directory exists.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/aiob-plan.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for s in $schemes_opt; do
	case " $all_schemes all " in
	*" $s "*) ;;
	# a mutant, or a test's scheme, that has a kernel built is fine too
	*) [ -r "$TOP/kernels/images/$s-$cfg/bzImage" ] ||
		die "-s: unknown scheme '$s' (schemes: ${all_schemes}all); a mutant or test kname needs its kernel built (kernels/images/$s-$cfg)" ;;
	esac
done
for m in $modes_opt; do
	case $m in icount|wall|host) ;; *) die "-M: unknown mode '$m' (icount wall host)" ;; esac
done
"$TOP/bench/matrix.sh" -a "$tmp/cellargs.tsv" "$matrix" >"$tmp/cells.tsv" || exit 1

# cellargs <cell-id>: aiob-rec options giving a record its cell_keys{}
# and control flag, shell-quoted (from bench/matrix.awk)
cellargs() { awk -F '\t' -v c="$1" '$1 == c { print $2; exit }' "$rdir/cellargs.tsv"; }
# cause <boot-dir> <record>: the first line of why a boot failed: the
# record's error, then the kernel's first problem, the job's first stderr
# line, or what run-cell.sh said last
cause() {
	printf '%s' "$2" | sed -n 's/.*"error":"\(\([^"\\]\|\\.\)*\)".*/\1/p'
	for f in problems stderr; do
		first=$(printf '%s' "$2" | sed -n 's/.*"'$f'":\["\(\([^"\\]\|\\.\)*\)".*/\1/p')
		[ -z "$first" ] || break
	done
	[ -n "$first" ] || first=$(grep -v '^ *$' "$1/run-cell.err" 2>/dev/null | tail -n 1)
	[ -z "$first" ] || printf ': %s' "$first"
}

# The plan: one line per boot, "rep<TAB>scheme<TAB>cellline".
plan=$tmp/plan.tsv
: >"$plan"
maxrep=1
while IFS= read -r c; do
	r=$(getd reps "$c" 1); [ "$r" -gt "$maxrep" ] && maxrep=$r
done <"$tmp/cells.tsv"
rep=1
while [ $rep -le $maxrep ]; do
	while IFS= read -r c; do
		m=$(get mode "$c")
		if [ -n "$modes_opt" ]; then
			case " $modes_opt " in *" $m "*) ;; *) continue ;; esac
		fi
		[ "$rep" -le "$(getd reps "$c" 1)" ] || continue
		ss=${schemes_opt:-$(get schemes "$c")}
		[ -z "$ss" ] || [ "$ss" = all ] && ss=$all_schemes
		[ "$m" = host ] && ss=host
		for s in $ss; do
			printf '%s\t%s\t%s\n' "$rep" "$s" "$c" >>"$plan"
		done
	done <"$tmp/cells.tsv"
	rep=$((rep + 1))
done
total=$(wc -l <"$plan")
[ "$total" -gt 0 ] || die "$matrix: the plan is empty (modes/schemes filters?)"

# Host mode: the devices it will write, checked before the first cell.
hostdevs=$(awk -F '\t' '$2 == "host" { for (i = 3; i <= NF; i++) if ($i ~ /^device=/) print substr($i, 8) }' "$plan" | sort -u)
for d in $hostdevs; do
	case $d in
	nvme)
		[ -n "${HOST_NVME:-}" ] || die "$matrix: host-mode cells on device nvme need HOST_NVME=/dev/<spare disk>"
		HOST_NVME=$("$TOP/bench/hostdev.sh" HOST_NVME "$HOST_NVME") || exit 1
		export HOST_NVME ;;
	loop)
		[ "$(id -u)" = 0 ] && losetup -f >/dev/null 2>&1 ||
			die "$matrix: host-mode loop cells need root and a free loop device (losetup -f)" ;;
	nullb)
		[ -b /dev/nullb0 ] || die "$matrix: host-mode nullb cells need null_blk on the host: modprobe null_blk" ;;
	esac
done
if [ -n "$dry" ]; then
	say "$(wc -l <"$tmp/cells.tsv") cells, $total boots (dry run: nothing written)"
	cut -f1,2,4 "$plan" | sed 's/cell=//'
	exit 0
fi

# Everything a run's numbers depend on, hashed: the same fingerprint means
# re-running would only repeat the same measurements.
fingerprint() {
	{
		cat "$matrix"; echo "$schemes_opt|$modes_opt|$cfg"
		for s in ${schemes_opt:-$all_schemes}; do
			grep '^inputs=' "$TOP/kernels/images/$s-$cfg/info" 2>/dev/null || echo "$s: none"
		done
		cat "$TOP/build/initramfs.cpio" "$TOP/bench/run-cell.sh" 2>/dev/null
		find "$TOP/bench/programs" -type f | LC_ALL=C sort | xargs cat
	} | sha256sum | cut -c1-16
}
fp=$(fingerprint)
if [ -n "$uptodate" ] && [ -z "$run" ]; then
	for f in $(ls -t "$AIOB_RESULTS"/*/fingerprint 2>/dev/null); do
		[ "$(cat "$f")" = "$fp" ] || continue
		run=$(basename "$(dirname "$f")")
		[ "$run" != latest ] || { run=; continue; }
		break
	done
	if [ -n "$run" ] && [ -s "$AIOB_RESULTS/$run/plan.tsv" ] &&
		[ "$(wc -l <"$AIOB_RESULTS/$run/done")" -ge "$(wc -l <"$AIOB_RESULTS/$run/plan.tsv")" ]; then
		[ -n "${AIOB_NO_LATEST:-}" ] || ln -sfn "$run" "$AIOB_RESULTS/latest"
		say "${AIOB_RESULTS#$TOP/}/$run is up to date (same matrix, kernels and tools); 'make bench' runs again"
		exit 0
	fi
	[ -z "$run" ] || say "resuming interrupted run $run"
fi
run=${run:-$(loop_id)}
rdir=$AIOB_RESULTS/$run
rec=$TOP/build/host/aiob-rec
[ -x "$rec" ] || die "no $rec (make tools)"
for s in $(cut -f2 "$plan" | sort -u); do
	[ "$s" = host ] || [ -r "$TOP/kernels/images/$s-$cfg/bzImage" ] ||
		die "no kernel for scheme $s ($cfg); run: make kernels SCHEMES=\"$s\""
done

mkdir -p "$rdir"
# Any stop from here on (Ctrl-C and SIGTERM too: the boot's guest is
# stopped, bench/loop.sh) says how to resume, and why when the disk is full.
# low_space: true (and says so) when a boot has no room (bench/boot.sh -s)
low_space() { "$TOP/bench/boot.sh" -s "$rdir"; }
loop_on_stop "$run" "make bench RUN=$run${hosts:+ HOSTS=$hosts} (or bench/run.sh -r $run with the same options)" low_space
for f in cells.tsv cellargs.tsv plan.tsv; do
	cp "$tmp/$f" "$rdir/$f.new" && mv "$rdir/$f.new" "$rdir/$f"
done
rm -rf "$tmp"	# the EXIT trap is loop_on_stop's from here on
plan=$rdir/plan.tsv
cp "$matrix" "$rdir/matrix.conf.new" && mv "$rdir/matrix.conf.new" "$rdir/matrix.conf"
say "run $run: $(wc -l <"$rdir/cells.tsv") cells, $total boots -> ${rdir#$TOP/}"
# tests/ set AIOB_NO_LATEST: their scratch runs must not become "latest"
[ -n "${AIOB_NO_LATEST:-}" ] || ln -sfn "$run" "$AIOB_RESULTS/latest"
echo "$fp" >"$rdir/fingerprint.new" && mv "$rdir/fingerprint.new" "$rdir/fingerprint"
# One guest image for the whole run: icount counts move by ~0.2 % with the
# initramfs's contents (memory layout), so a rebuild during a run must not
# reach its later boots.  A hard link is a free snapshot (mkinitramfs.sh
# replaces the file, it does not rewrite it); a resumed run keeps its own.
# The snapshot and its hash are each written under a temporary name and
# renamed; a snapshot without a hash (an older run, or one cut short) is
# only taken when it equals the current build.
snap=$rdir/initramfs.cpio
if [ -r "$snap" ] && [ ! -r "$snap.sha256" ]; then
	cmp -s "$snap" "$TOP/build/initramfs.cpio" ||
		die "${snap#$TOP/} has no hash (an older run, or a copy cut short) and differs from build/initramfs.cpio: it cannot be checked; start a new run"
	sha256sum <"$snap" | cut -c1-64 >"$snap.sha256.new" && mv "$snap.sha256.new" "$snap.sha256"
fi
if [ ! -r "$snap" ] && [ -r "$TOP/build/initramfs.cpio" ]; then
	rm -f "$snap.new" "$snap.sha256"
	ln -f "$TOP/build/initramfs.cpio" "$snap.new" 2>/dev/null ||
		cp "$TOP/build/initramfs.cpio" "$snap.new" ||
		{ rm -f "$snap.new"; die "cannot copy the guest image to ${snap#$TOP/}"; }
	sha256sum <"$snap.new" | cut -c1-64 >"$snap.sha256.new" ||
		{ rm -f "$snap.new" "$snap.sha256.new"; die "cannot hash ${snap#$TOP/}"; }
	mv "$snap.new" "$snap"
	mv "$snap.sha256.new" "$snap.sha256"
fi
[ ! -r "$snap" ] || export AIOB_INITRAMFS="$snap"
# Which build of the guest programs ran: records from different builds
# measure with different instruments and must not be pooled blindly.
guest_sha=$(cut -c1-16 "$snap.sha256" 2>/dev/null)
# Done = has records (bench/loop.sh: a torn last record is moved aside
# and its boot runs again).
records=$rdir/records.jsonl
done_f=$rdir/done
loop_open "$rdir" "$total"
# record <n> <boot-dir>: plan line n ran in <boot-dir> (bench/boot.sh):
# its records, appended in one write, make it done; then the progress.
failed=0
record() {
	plan_fields "$(sed -n "$1p" "$plan")"
	bdir=$2 key=${2#$rdir/} err=
	cell=$(get cell "$c") mode=$(get mode "$c") dev=$(get device "$c") bench=$(get bench "$c")
	fact() { sed -n "s/^$1=//p" "$bdir/facts" | head -n1; }
	rc=$(fact rc) label=$scheme
	[ -n "$rc" ] || die "$bdir/facts: no rc (the boot did not run to its end)"
	# host mode: the running kernel is the scheme; name it by release so
	# records of two host kernels merged together compare, not pool.
	[ "$scheme" = host ] && label=host-$(fact kernel)
	[ $rc -eq 124 ] && err="error=timeout: guest killed after $(getd timeout "$c" 300)s"
	[ $rc -eq 125 ] && err="error=stopped ${AIOB_FATAL_GRACE:-10}s after a fatal kernel problem"
	# A boot that died or hung: what its console says comes into the
	# record (the guest could not frame it), by the one problem list.
	conprob=
	if [ $rc -ne 0 ] && [ -r "$bdir/console.log" ]; then
		conprob=$(tr -d '\r' <"$bdir/console.log" | aiob_problems 1 - |
			sed 's/^\[[^]]*\] *//')
		if [ -z "$conprob" ]; then :
		elif [ -n "$err" ]; then err="$err; console: $conprob"
		else err="error=guest result incomplete (crash or timeout); console: $conprob"
		fi
	fi
	set -- -s "run_id=$run" -s "time=$(date -u +%Y-%m-%dT%H:%M:%SZ)" -s "cell=$cell" \
		-s "job=$(get job "$c")" -s "scheme=$label" -s "mode=$mode" \
		-s "device=${dev:-none}" -n "rep=$rep" \
		-s "workload=$bench" -s "host.name=$(fact name)" -s "host.kernel=$(fact kernel)" \
		-s "host.cpu=$(fact cpu)" -s "host.qemu=$(fact qemu)" -s "host.accel=$(cat "$bdir/accel" 2>/dev/null)" \
		-s "boot_dir=$key" -s "guest.initramfs_sha=${guest_sha:-none}"
	# fanned out (bench/fanout.sh): the sshlogin that ran it, ":" = here
	login=$(fact login)
	[ -z "$login" ] || set -- "$@" -s "host.login=$login"
	for nk in qd bs; do
		v=$(get $nk "$c"); [ -z "$v" ] || set -- "$@" -n "$nk=$v"
	done
	v=$(get rw "$c"); [ -z "$v" ] || set -- "$@" -s "rw=$v"
	v=$(get kargs "$c"); [ -z "$v" ] || set -- "$@" -s "kargs=$v"
	# Everything the matrix set for this cell (but the run-wide schemes,
	# reps and the timeout): records whose cellspec differ are never pooled.
	set -- "$@" -s "cellspec=$(printf '%s\n' "$c" | tr '\t' '\n' |
		grep -Ev '^(job|cell|schemes|reps|timeout)=' | LC_ALL=C sort | paste -sd/ -)"
	# wall mode: which host PU each vCPU thread was bound to (run-cell.sh)
	if [ "$mode" = wall ]; then
		pus=$(sed -n 's/^vcpu_pus=//p' "$bdir/vcpu-pin" 2>/dev/null || true)
		got=$(sed -n 's/^vcpu_cpus=//p' "$bdir/vcpu-pin" 2>/dev/null || true)
		set -- "$@" -s "host.vcpu_pus=${pus:-none}" -s "host.vcpu_cpus=${got:-none}"
	fi
	[ -z "$err" ] || set -- "$@" -s "$err"
	[ -z "$conprob" ] || set -- "$@" -s "console.problem=$conprob"
	[ "$scheme" = host ] || set -- "$@" -i "$TOP/kernels/images/$scheme-$cfg/info"
	eval "set -- \"\$@\" $(cellargs "$cell")"
	"$rec" append -o "$records" -r "$bdir/result.txt" "$@" ||
		die "cannot append to ${records#$TOP/} (see above); the boot is not recorded"
	loop_mark "$key"
	last=$(tail -n 1 "$records")
	okv=$(printf '%s\n' "$last" | "$rec" tsv /dev/stdin ok,metrics.ns_per_op)
	if [ "${okv%%	*}" = true ]; then
		what="ns/op ${okv#*	}"
	else
		failed=$((failed + 1))
		what="FAILED: $(cause "$bdir" "$last")"
	fi
	# Progress (bench/loop.sh), per host when fanned out.
	per=
	[ -z "$login" ] || per=" [$(fo_tally "$login")]"	# bench/fanout.sh
	loop_progress "$(printf '%-14s %s rep %s%s: %s' "$scheme" "$cell" "$rep" \
		"${login:+ on $(echo "$login" | sed 's/^:$/here/')}" "${what:-ok}")" "$(fact secs)" "$per"
}
if [ -n "$hosts" ]; then
	. "$TOP/bench/fanout.sh"
	fanout
else
	n=0
	while IFS= read -r line; do
		n=$((n + 1))
		bdir=$rdir/boots/$(boot_tag "$line")
		! loop_done "${bdir#$rdir/}" || continue
		loop_boot "$TOP/bench/boot.sh" -c "$cfg" "$rdir" "$n" "$bdir" || exit 1
		record "$n" "$bdir"
	done <"$plan"
	ran=$loop_ran
fi
say "run $run: $ran boots, $failed failed; records in ${rdir#$TOP/}/records.jsonl"
