#!/bin/sh
# check/repro/run-p2.sh - the P2 reproducer (check/P1-P2.md): boot a
# scheme's "gadget" kernel (debug: KASAN + lockdep, plus usbcore,
# dummy_hcd and gadgetfs; kernels/configs/gadget.config) in wall mode on
# 2 vCPUs, run check/repro/p2-gadget.c in it (io_cancel() of an AIO read
# queued on a gadgetfs endpoint), and judge the console.
#
# usage: check/repro/run-p2.sh [-k kname] [-o out-dir] [-t timeout-s] [-g grace-s] [-n]
#        check/repro/run-p2.sh -j console.log
#   -k  scheme or <scheme>--<mutant> (default two-refs: stock 6.1)
#   -o  output directory (default $AIOB_RESULTS/repro-p2-<kname>-<utc>):
#       console.log (the whole kernel log), result.txt, qemu.cmd, verdict
#   -t  boot timeout (default 600 s: a KASAN boot under TCG, usbcore
#       enumerating the gadget, then 21 s to an RCU stall report)
#   -g  once the console shows lockdep's report or a lockup or RCU stall
#       report, let the guest print for this long (the stall report comes
#       21 s after the deadlock, then NMI backtraces), then stop it
#       (default 60 s)
#   -n  dry run: say what would be built and booted; build nothing
#   -j  judge an existing console log only (no build, no boot)
#
# Builds what is missing first: the kernel (kernels/build.sh <kname>
# gadget: a cold build is 10-25 min on 2 loaded cores) and the guest
# tools and initramfs (make).  Verdicts, printed with the console's
# evidence and written to <out-dir>/verdict:
#   DEADLOCK      after the program's "calling io_cancel" line: lockdep's
#                 "possible recursive locking detected", or a lockup / RCU
#                 stall report and io_cancel() never returned
#   NO-DEADLOCK   the program saw io_cancel() return
#   INCONCLUSIVE  neither (the program's last "p2:" line says how far it
#                 got: e.g. the host never configured the gadget)
# Exit status: 0 DEADLOCK, 3 NO-DEADLOCK, 4 INCONCLUSIVE, 1 could not run.
set -eu
. "$(dirname "$0")/../../scripts/lib.sh"
. "$TOP/bench/loop.sh"

kname=two-refs out= tmo=600 grace=60 dry= judge=
while getopts k:o:t:g:nj: o; do
	case $o in
	k) kname=$OPTARG ;; o) out=$OPTARG ;; t) tmo=$OPTARG ;;
	g) grace=$OPTARG ;; n) dry=1 ;; j) judge=$OPTARG ;;
	*) die "usage: see the header of $0" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || die "unexpected argument '$1'; usage: see the header of $0"
case $tmo$grace in *[!0-9]*) die "-t and -g take whole seconds" ;; esac
cfg=gadget
img=$TOP/kernels/images/$kname-$cfg
out=${out:-$AIOB_RESULTS/repro-p2-$kname-$(date -u +%Y%m%d-%H%M%S)}

LOCKDEP='possible recursive locking detected'
STUCK='rcu.*(stall|detected stalls)|soft lockup|hard LOCKUP|INFO: task .* blocked'

# The console from the program's io_cancel() on (a loaded host can make
# a boot report a soft lockup or RCU stall of its own, long before: the
# whole VM was descheduled), or all of it if the program never got there.
after_cancel() {
	tr -d '\r' <"$con" | awk '/p2: .*calling io_cancel/ { on = 1 } on'
}
# The evidence: lockdep's report (its banner to the end of its first
# stack trace), and the first stall or lockup report after io_cancel()
# (its first lines, then the stuck CPU's NMI backtrace); timestamps kept.
excerpt() {	# excerpt <start-regex> <max-lines> < log: from there (and a
		# ==== rule just before) to the first </TASK>
	awk -v re="$1" -v max="$2" '
		!on && $0 ~ re { on = 1; if (prev ~ /\] =+$/) print prev }
		on { print; if (++n >= max || /<\/TASK>/ && n > 5) exit }
		{ prev = $0 }'
}
# judge: the verdict on $con, on stdout; sets $verdict and $st
judge() {
	lockdep=$(after_cancel | excerpt "$LOCKDEP" 80)
	stuck=$(after_cancel | excerpt "$STUCK" 3)	# its header; then the stuck
	nmi=$(after_cancel | excerpt 'NMI backtrace for cpu' 60)	# CPU's stack
	[ -n "$nmi" ] || stuck=$(after_cancel | excerpt "$STUCK" 60)
	progress=$(tr -d '\r' <"$con" | grep 'p2: ' || true)
	if [ -n "$lockdep" ] || { [ -n "$stuck" ] && ! echo "$progress" | grep -q 'io_cancel returned'; } &&
		echo "$progress" | grep -q 'calling io_cancel'; then
		verdict=DEADLOCK st=0
	elif echo "$progress" | grep -q 'io_cancel returned'; then
		verdict=NO-DEADLOCK st=3
	else
		verdict=INCONCLUSIVE st=4
	fi
	echo "verdict: $verdict ($(tr -d '\r' <"$con" | grep -m1 -o 'Linux version [^ ]*' ||
		echo 'kernel unknown'))"
	echo "--- the program's progress (p2: lines)"
	echo "${progress:-(none: the program never ran; see the console log)}"
	[ -z "$lockdep" ] || { echo "--- lockdep"; echo "$lockdep"; }
	[ -z "$stuck" ] || { echo "--- lockup / stall after io_cancel()"; echo "$stuck"; }
	[ -z "$stuck" ] || [ -z "$nmi" ] || { echo "[...]"; echo "$nmi"; }
}

if [ -n "$judge" ]; then
	con=$judge
	[ -r "$con" ] || die "-j $con: no such console log"
	judge
	exit $st
fi

if [ -n "$dry" ]; then
	if [ -r "$img/bzImage" ]; then echo "kernel: ${img#$TOP/} (rebuilt by kernels/build.sh if its inputs changed)"
	else echo "kernel: ${img#$TOP/} missing: kernels/build.sh $kname $cfg (cold: 10-25 min)"; fi
	echo "guest:  make tools initramfs (build/guest/p2-gadget in build/initramfs.cpio)"
	echo "boot:   QEMU_NVME=0 bench/run-cell.sh -m wall -p 2 -c $cfg -k $kname -t $tmo -a loglevel=7, job: p2-gadget"
	echo "output: ${out#$TOP/}/{console.log,result.txt,verdict}"
	exit 0
fi

"$TOP/kernels/build.sh" "$kname" "$cfg" || die "kernel $kname-$cfg did not build (see above)"
make --no-print-directory -C "$TOP" tools initramfs >/dev/null ||
	die "guest tools or initramfs did not build: run make tools initramfs"

mkdir -p "$out/job"
printf '#!/bin/sh\nexec p2-gadget\n' >"$out/job/run"
chmod +x "$out/job/run"
con=$out/console.log

# Stop the guest $grace s after lockdep's or a lockup or stall report
# after io_cancel(): the deadlocked CPU never comes back, and the timeout
# is long.
watch_p2() {	# watch_p2 <run-cell pid> (loop_boot -w)
	seen=
	while kill -0 "$1" 2>/dev/null; do
		sleep 2
		if [ -z "$seen" ] && [ -r "$con" ] && after_cancel | grep -Eq "$LOCKDEP|$STUCK"; then
			seen=$(date +%s)
			say "kernel report on the console; stopping the guest in ${grace}s"
		fi
		[ -n "$seen" ] && [ $(( $(date +%s) - seen )) -ge "$grace" ] || continue
		kill -TERM "$1" 2>/dev/null || true
		break
	done
}

say "booting $kname-$cfg (wall, 2 vCPUs, at most ${tmo}s) -> ${out#$TOP/}"
t0=$(date +%s) rc=0
# No emulated NVMe: not needed here, and its probe under KASAN and TCG on
# a loaded host can take ~25 s in one work item (a soft lockup report
# at boot); in the boots where it did, the deadlocked kernel reported no
# RCU stall afterwards (check/P1-P2.md).
QEMU_NVME=0; export QEMU_NVME
loop_boot -w watch_p2 "$TOP/bench/run-cell.sh" -m wall -p 2 -c "$cfg" -k "$kname" \
	-j "$out/job" -o "$out" -t "$tmo" -a "loglevel=7" || rc=$?
say "guest ended after $(( $(date +%s) - t0 ))s (run-cell rc $rc)"
[ -s "$con" ] || die "no console log in ${out#$TOP/} (qemu: $(tail -n 3 "$out/qemu.log" 2>/dev/null))"

judge >"$out/verdict"
cat "$out/verdict"
say "verdict $verdict; whole log: ${con#$TOP/}"
exit $st
