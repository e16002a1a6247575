#!/bin/sh
# check/check-lifetime.sh - the correctness suite: boot the debug kernel
# (KASAN, lockdep, debug objects, list debugging, fault injection) of each
# scheme and mutant in wall mode (2 vCPUs, so races are real), run the
# ck-* programs under ck-run, and judge: correct schemes must pass every
# program in every repetition, every mutant must fail as its patch's
# Caught-by: trailers declare (check/README.md, "What must catch a mutant").
#
# usage: check/check-lifetime.sh [-s "schemes"] [-m "mutants"] [-r reps]
#                                [-c "configs"] [-t seconds] [-P "programs"]
#                                [-w period-ns:stall-ns] [-i id] [-q] [-n]
#   -s  correct schemes to run (default: every variants/*; "none": no
#       correct scheme, only mutants)
#   -m  mutants: "all" (default: every variants/<s>/mutants/*.patch of the
#       schemes given with -s, or of every scheme with -s none), "none",
#       or a list of <scheme>--<mutant> knames or bare mutant names
#   -r  boots per correct scheme and config (default 1; "passes 10 in a
#       row" = -r 10); each mutant boots once, in the first config
#   -c  kernel configs the correct schemes boot (kernels/configs/; default
#       "debug"; `make check-lifetime` passes "debug kcsan"): debug =
#       KASAN + lockdep, kcsan = the same without KASAN, with KCSAN.  A
#       KCSAN report is a problem like any other (bench/guest/problem-
#       patterns) but not fatal: in a kcsan boot every program runs even
#       after one FAILed on the kernel log, so one boot shows every race
#   -t  seconds each stress program runs (default 10; -q: 3)
#   -P  programs, in run order (default: CK_PROGRAMS, check/programs.sh)
#   -w  the stall injector's setting in images that carry it (debug):
#       random hard-irq stalls of stall-ns every ~period-ns on each CPU
#       during every program, which stretch race windows (check/README.md,
#       "Widened windows"); default 100000:20000, 0:0 for none
#   -i  results go to $AIOB_RESULTS/check-<id>/ (default results/; id
#       default: <date>-<host>, bench/loop.sh's pattern); an existing id
#       resumes: boots already recorded are skipped
#   -q  quick: -t 3 (what tests/t-check-quick.sh runs)
#   -n  dry run: print the plan; writes nothing
#
# A config fragment may declare (kernels/configs/<c>.config, read by
# cfg_says): "# aiob: nonfatal" -- its kernel's reports leave the kernel
# sound, so ck-run goes on after one (no -F: every program runs even
# after one FAILed on the kernel log); "# aiob: boot-extra-seconds N" --
# its boots get N s more (boot limit and timeout).
#
# Output: results/check-<id>/{records.jsonl,table.txt,job/,boots/<kname>.<rep>/}
# (a config other than debug: boots/<kname>@<config>.<rep>/, job-<config>/)
# with each boot's console.log (full kernel log), result.txt, and for every
# FAIL a dmesg-<program>.txt excerpt.  The table (check/report/ck-report.c)
# is printed at the end.  Exit status: 0 = correct schemes passed and every
# mutant was caught; 1 = not; 2 = could not run.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/bench/guest/frame.sh"
. "$TOP/bench/loop.sh"

. "$TOP/check/programs.sh"
schemes= mutants=all reps=1 secs= progs=$CK_PROGRAMS id= quick= dry= configs=debug
stall=100000:20000
while getopts s:m:r:c:t:P:w:i:qn o; do
	case $o in
	s) schemes=$OPTARG ;; m) mutants=$OPTARG ;; r) reps=$OPTARG ;;
	c) configs=$OPTARG ;;
	t) secs=$OPTARG ;; P) progs=$OPTARG ;; i) id=$OPTARG ;; w) stall=$OPTARG ;;
	q) quick=1 ;; n) dry=1 ;;
	*) die "bad option; see the header of $0" ;;
	esac
done
[ -n "$secs" ] || { [ -n "$quick" ] && secs=3 || secs=10; }
case $reps$secs in *[!0-9]*) die "-r and -t take numbers" ;; esac
[ "$reps" -ge 1 ] && [ "$secs" -ge 1 ] || die "-r and -t must be >= 1"
echo "$stall" | grep -qx '[0-9]\{1,9\}:[0-9]\{1,9\}' ||
	die "-w $stall: want period-ns:stall-ns, e.g. 100000:20000 (0:0: no stalls)"

all_schemes=$(cd "$TOP/variants" && ls -d */ 2>/dev/null | tr -d / | tr '\n' ' ')
[ -n "$schemes" ] || schemes=$all_schemes
schemes=$(echo $schemes)
[ "$schemes" = none ] && schemes=
for s in $schemes; do
	[ -d "$TOP/variants/$s" ] || die "no scheme $s (have: $all_schemes)"
done

# Mutants: knames <scheme>--<name> from variants/<scheme>/mutants/*.patch.
list_mutants() {
	for s; do
		for m in "$TOP/variants/$s"/mutants/*.patch; do
			[ -e "$m" ] && echo "$s--$(basename "$m" .patch)"
		done
	done
	return 0
}
case $mutants in
all)	mknames=$(list_mutants ${schemes:-$all_schemes}) ;;
none|"") mknames= ;;
*)	mknames=
	every=$(list_mutants $all_schemes)
	for m in $mutants; do
		hit=$(echo "$every" | grep -xE "$m|[^ ]*--$m" || true)
		[ -n "$hit" ] || die "no mutant $m (have: $(echo $every))"
		mknames="$mknames $hit"
	done ;;
esac
mknames=$(echo $mknames)
[ -n "$schemes$mknames" ] || die "nothing to run (no schemes, no mutants)"
for p in $progs; do
	[ -r "$TOP/check/$p.c" ] || die "no program check/$p.c (have: $CK_PROGRAMS)"
done
configs=$(echo $configs)
[ -n "$configs" ] || die "-c needs a config (debug, kcsan)"
for c in $configs; do
	[ "$c" != bench ] && [ -r "$TOP/kernels/configs/$c.config" ] ||
		die "no debug config $c (kernels/configs/$c.config; have debug, kcsan)"
done
mcfg=${configs%% *}	# the mutants' config
# cfg_says <config> <word>: the rest of its fragment's "# aiob: <word>"
# line (see the header), false when it has none
cfg_says() {
	sed -n "s/^# aiob: $2 *//p" "$TOP/kernels/configs/$1.config" | grep -m1 '' ||
		return 1
}

# Guest arguments of each program; $devs expands in the guest.
# ck-irqrace and ck-pollclose run 6x as long: their windows are a few
# instructions, and a race there took 30-60 s (irqrace) and 4-46 s
# (pollclose) to show even with stalls (check/README.md).
prog_cmd() {
	half=$(( secs / 2 > 0 ? secs / 2 : 1 ))
	short=$(( secs < 2 ? secs : 2 ))
	case $1 in
	sync|destroy|exit) echo "ck-$1 -t $secs \$devs" ;;
	cancel|pollrace|pollfree|pollmiss) echo "ck-$1 -t $secs" ;;
	irqrace|pollclose) echo "ck-$1 -t $((secs * 6))" ;;
	fork|resfd) echo "ck-$1 -t $half" ;;
	faultinj) echo "ck-$1 -t $half \$devs" ;;
	*) echo "ck-$1 -t $short" ;;
	esac
}
nprog=$(echo $progs | wc -w)
ptmo=$((secs * 6 + 45))		# per program: the longest's time + watchdog + slack
btmo=$((120 + nprog * (secs + 47) + secs * 10))	# per boot: boot, programs (two 6x), shutdown

id=${id:-$(loop_id)}
rdir=$AIOB_RESULTS/check-$id
say "check-$id: schemes [${schemes:-none}] x $reps x [$configs], mutants [${mknames:-none}] ($mcfg), programs [$progs], ${secs}s each"
# boot tag: the kname, "@<config>" added for a config other than debug
tag() { [ "$2" = debug ] && echo "$1" || echo "$1@$2"; }
# The plan, one boot a line, "rep<TAB>kname<TAB>config=<c>" (bench/loop.sh):
# rep 1 of the schemes in each config, the mutants, then the other reps,
# so a broken scheme or a surviving mutant shows early.
plan() {
	r=1
	while [ $r -le "$reps" ]; do
		for c in $configs; do
			for s in $schemes; do printf '%s\t%s\tconfig=%s\n' $r "$s" "$c"; done
		done
		[ $r -gt 1 ] || for m in $mknames; do printf '1\t%s\tconfig=%s\n' "$m" "$mcfg"; done
		r=$((r + 1))
	done
}
if [ -n "$dry" ]; then
	plan | while IFS="$(printf '\t')" read -r r k c; do
		case $k in *--*) echo "boot $(tag "$k" "${c#config=}")" ;; *) echo "boot $(tag "$k" "${c#config=}") #$r" ;; esac
	done
	echo "per program timeout ${ptmo}s, per boot ${btmo}s"
	exit 0
fi

rec=$TOP/build/host/aiob-rec
report=$TOP/build/host/ck-report
for b in "$rec" "$report"; do
	[ -x "$b" ] || die "no $b (make tools)"
done
# The guest runs what the initramfs carries: every program, as built now.
have=$(cpio -t <"$TOP/build/initramfs.cpio" 2>/dev/null) || have=
for p in run $progs; do
	printf '%s\n' "$have" | grep -qx "bin/ck-$p" ||
		die "build/initramfs.cpio has no ck-$p (make tools initramfs)"
	[ ! "$TOP/build/guest/ck-$p" -nt "$TOP/build/initramfs.cpio" ] ||
		die "build/initramfs.cpio is older than build/guest/ck-$p (make tools initramfs)"
done

# Kernels: branches for the schemes involved, then each debug image.
need=$(for k in $schemes $mknames; do echo "${k%%--*}"; done | sort -u)
# shellcheck disable=SC2086
"$TOP/kernels/branches.sh" $need >/dev/null || exit 2
for c in $configs; do
	for k in $schemes; do
		"$TOP/kernels/build.sh" "$k" "$c" || exit 2
	done
done
for k in $mknames; do
	"$TOP/kernels/build.sh" "$k" "$mcfg" || exit 2
done

# The guest's job, one per config: ck-run -F (stop after a kernel
# problem) unless the config declares its reports nonfatal.
mkdir -p "$rdir/boots"
for c in $configs; do
	jd=$rdir/job; [ "$c" = debug ] || jd=$rdir/job-$c
	stop=-F; ! cfg_says "$c" nonfatal >/dev/null || stop=
	mkdir -p "$jd"
	{
		echo '#!/bin/sh'
		echo '# generated by check/check-lifetime.sh: the suite inside the guest'
		echo 'devs='
		echo 'for d in $DEV_nullb $DEV_nvme; do devs="$devs -d $d"; done'
		echo 'echo 30 >/proc/sys/kernel/hung_task_timeout_secs 2>/dev/null'
		# the image's stall injector (kernels/kbuild.sh), if it has one
		[ "$stall" = 0:0 ] ||
			echo "[ ! -r /lib/modules/aiob-stall.ko ] || set -- -W $stall"
		printf 'exec ck-run "$@" %s-T %s' "${stop:+$stop }" "$ptmo"
		for p in $progs; do printf ' "%s"' "$(prog_cmd "$p")"; done
		echo
	} >"$jd/run"
	chmod +x "$jd/run"
done
plan >"$rdir/plan.tsv.new" && mv "$rdir/plan.tsv.new" "$rdir/plan.tsv"

# For a guest that died or hung: per-program records from the console's
# markers (ck-run logs "aiob-check: begin/end ..."), the program that was
# running FAILs with the console from its begin marker as the excerpt.
# They go to <bdir>/salvage.jsonl first, then into the run's with one
# append: a boot is recorded whole or not at all (bench/loop.sh).
salvage() {	# salvage <bdir> <rc> <record args...>
	bd=$1 rc=$2; shift 2
	rm -f "$bd/salvage.jsonl"
	con=$bd/console.log
	sed -n 's/.*aiob-check: end \([^ ]*\) \([^ ]*\) \([0-9.]*\)s *\(.*\)$/\1\t\2\t\3\t\4/p' \
		"$con" 2>/dev/null | tr -d '\r' >"$bd/ends.tsv" || true
	while IFS="$(printf '\t')" read -r p v t why; do
		"$rec" append -o "$bd/salvage.jsonl" -r "$bd/result.txt" "$@" \
			-s workload=check -s "params.program=$p" -s "check.verdict=$v" \
			-n "check.seconds=$t" -s "check.reason=$why (from the console)"
	done <"$bd/ends.tsv"
	last=$(sed -n 's/.*aiob-check: begin \([^ ]*\).*/\1/p' "$con" 2>/dev/null |
		tr -d '\r' | tail -n 1)
	if [ -n "$last" ] && ! cut -f1 "$bd/ends.tsv" | grep -qx "$last"; then
		if [ -e "$bd/silent" ]; then
			why="guest went silent (crashed or hung) while $last ran"
		elif [ "$rc" = 124 ]; then
			why="guest killed at the boot timeout while $last ran"
		else
			why="guest died (run-cell rc $rc) while $last ran"
		fi
		tr -d '\r' <"$con" | sed -n "/aiob-check: begin $last\$/,\$p" |
			tail -n 400 >"$bd/console.tail"
		first=$(aiob_problems 1 "$bd/console.tail" | sed 's/^\[[^]]*\] *//')
		# guest seconds: program start, first report, last word
		ts() { sed -n 's/^\[ *\([0-9]*\.[0-9]*\)\].*/\1/p' | $1 -n 1; }
		tb=$(ts head <"$bd/console.tail")
		tp=$(aiob_problems 0 "$bd/console.tail" | ts head)
		te=$(ts tail <"$bd/console.tail")
		secs_p=$(awk -v b="${tb:-0}" -v e="${te:-0}" 'BEGIN { print e - b }')
		det=
		[ -z "$tp" ] || det=$(awk -v b="$tb" -v p="$tp" 'BEGIN { print p - b }')
		why="$why${first:+: kernel: $first}"
		{
			echo "# $why"
			echo "# console.log from 'aiob-check: begin $last'"
			cat "$bd/console.tail"
		} >"$bd/dmesg-$last.txt"
		rm -f "$bd/console.tail"
		"$rec" append -o "$bd/salvage.jsonl" -r "$bd/result.txt" "$@" \
			-s workload=check -s "params.program=$last" -s check.verdict=FAIL \
			-n "check.seconds=$secs_p" ${det:+-n check.detect_s=$det} \
			-s "check.reason=$why"
	elif [ -z "$last" ]; then
		"$rec" append -o "$bd/salvage.jsonl" -r "$bd/result.txt" "$@" \
			-s workload=check -s "params.program=ck-$(echo $progs | cut -d' ' -f1)" \
			-s check.verdict=FAIL -n check.seconds=0 \
			-s "check.reason=guest never reached the suite (qemu rc $rc)"
	fi
	[ ! -s "$bd/salvage.jsonl" ] || cat "$bd/salvage.jsonl" >>"$rdir/records.jsonl" ||
		die "cannot append to $rdir/records.jsonl"
}

# A guest that crashed or hung stops writing ck-run's markers: ck-run ends
# every program within ptmo (+10 s), so silence for longer means it is
# dead.  Then end its `timeout` (run-cell.sh sees 124 and cleans up)
# instead of waiting for the whole boot timeout.  Before the first marker
# the limit is the boot's: 240 s plus the config's boot-extra-seconds
# (KCSAN: every memory access instrumented, the boot alone takes minutes
# on a loaded host).
watch_guest() {	# watch_guest <run-cell pid> <console.log> <config> (loop_boot -w)
	wpid=$1 con=$2 seen=-1 last=$(date +%s)
	blim=$((240 + $(cfg_says "$3" boot-extra-seconds || echo 0)))
	while kill -0 "$wpid" 2>/dev/null; do
		sleep 5
		n=$(grep -c 'aiob-check: ' "$con" 2>/dev/null || true)
		[ "${n:-0}" = "$seen" ] || { seen=${n:-0}; last=$(date +%s); }
		lim=$((ptmo + 30)); [ "$seen" -gt 0 ] || lim=$blim
		[ $(( $(date +%s) - last )) -gt $lim ] || continue
		say "guest silent for ${lim}s: ending it"
		touch "$(dirname "$con")/silent"
		tpid=$(ps -o pid= -o comm= --ppid "$wpid" | awk '$2 == "timeout" { print $1 }')
		[ -z "$tpid" ] || kill -TERM $tpid 2>/dev/null || true
		break
	done
}
# watch <run-cell pid>: watch_guest of the boot that boot() runs
watch() { watch_guest "$1" "$bd/console.log" "$c"; }

boot() {	# boot <kname> <rep> <config>
	k=$1 r=$2 c=$3
	b=$(tag "$k" "$c")
	if loop_done "boots/$b.$r"; then
		say "$b #$r: already recorded, skipped"
		return 0
	fi
	s=${k%%--*} m=
	case $k in *--*) m=${k#*--} ;; esac
	bd=$rdir/boots/$b.$r
	jd=$rdir/job; [ "$c" = debug ] || jd=$rdir/job-$c
	rm -rf "$bd"; mkdir -p "$bd"
	tmo=$((btmo + $(cfg_says "$c" boot-extra-seconds || echo 0)))
	say "$b #$r: booting ($nprog programs, at most ${tmo}s)"
	t0=$(date +%s) rc=0
	# a signal stops the guest; the boot is not recorded (bench/loop.sh)
	loop_boot -w watch "$TOP/bench/run-cell.sh" -m wall -p 2 -c "$c" -k "$k" -j "$jd" \
		-o "$bd" -t "$tmo" -a "loglevel=5" || rc=$?
	dt=$(( $(date +%s) - t0 ))
	set -- -s "run_id=check-$id" -s "time=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
		-s "kname=$k" -s "scheme=$s" -s "mutant=$m" -n "rep=$r" -s mode=wall \
		-s "boot_dir=boots/$b.$r" -n "boot_seconds=$dt" \
		-n "boot_start_s=$(tr -d '\r' <"$bd/console.log" 2>/dev/null |
			sed -n 's/^\[ *\([0-9.]*\)\] aiob-check: begin .*/\1/p' | head -n 1 |
			grep . || echo 0)" \
		-s "host.load=$(cut -d' ' -f1 /proc/loadavg)" \
		-s "host.accel=$(cat "$bd/accel" 2>/dev/null)" \
		-i "$TOP/kernels/images/$k-$c/info"
	if aiob_framed "$bd/result.txt"; then
		"$rec" append -o "$rdir/records.jsonl" -r "$bd/result.txt" "$@" ||
			die "cannot append to $rdir/records.jsonl"
	else
		salvage "$bd" "$rc" "$@"
	fi
	loop_mark "boots/$b.$r"
	fl=$("$rec" tsv "$rdir/records.jsonl" boot_dir,params.program,check.verdict,check.reason |
		awk -F'\t' -v b="boots/$b.$r" '$1 == b && $3 != "pass" { print $2 ": " $4; exit }')
	n=$("$rec" tsv "$rdir/records.jsonl" boot_dir,check.verdict |
		awk -F'\t' -v b="boots/$b.$r" '$1 == b && $2 == "pass"' | wc -l)
	loop_progress "$b #$r: $n/$nprog pass${fl:+; first FAIL $(echo "$fl" | cut -c1-160)}" "$dt"
}

loop_open "$rdir" "$(wc -l <"$rdir/plan.tsv")"
loop_on_stop "check-$id" "check/check-lifetime.sh -i $id with the same options"
while IFS="$(printf '\t')" read -r r k c <&3; do
	boot "$k" "$r" "${c#config=}"
done 3<"$rdir/plan.tsv"
trap - EXIT

rc=0
# shellcheck disable=SC2086
"$report" -C "$rdir" -V "$TOP/variants" -p "$(for p in $progs; do printf 'ck-%s ' "$p"; done)" \
	"$rdir/records.jsonl" >"$rdir/table.txt" || rc=$?
cat "$rdir/table.txt"
echo "results: ${rdir#$TOP/}/"
[ $rc -le 1 ] || exit 2
exit $rc
