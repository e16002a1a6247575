#!/bin/sh
# bench/run-cell.sh - run one job in one kernel, in one mode.
#
# usage: run-cell.sh -m icount|wall|host -k <kname> [-c bench|debug]
#                    -j <job-dir> -o <out-dir> [-t timeout-s] [-p smp]
#                    [-a "extra kernel args"]
#
# <job-dir>/run is a shell script; in the guest it runs from /job with
# $DEV_nullb, $DEV_nvme and $DEV_loop naming the devices.  Writes
# <out-dir>/result.txt (framed, see bench/guest/init), console.log,
# qemu.cmd, and accel (what really ran).  -p: vCPUs, default 1 in icount
# mode (more run round-robin on one thread, without icount: see below)
# and 2 in wall mode.  Exit status: 0 when the guest
# delivered a complete result, 124 when it was killed at the timeout,
# 125 when it was stopped after a fatal kernel problem (AIOB_FATAL_GRACE),
# 1 otherwise.  A hung guest never blocks the run: it is killed.
#
# AIOB_PLUGIN="<plugin.so>[,key=value...]" (environment) attaches a QEMU
# TCG plugin to an icount or wall boot; in it "@OUT@" becomes <out-dir>
# and "@IMG@" the kernel's image directory (kernels/images/<kname>-<cfg>).
# Wall mode pins every vCPU thread to a host PU (bench/pin-vcpus.sh, over
# QMP; AIOB_VCPU_PUS="1,0" overrides vCPU i -> PU i mod n, AIOB_PIN=0
# leaves them unpinned) and writes the binding, verified, to
# <out-dir>/vcpu-pin, which bench/run.sh puts into the record.
# QEMU_NVME=0|1 (environment) leaves out / adds the emulated NVMe device.
# Default: present in wall mode, absent in icount mode -- its completions
# ride host timing, which makes even an icount boot that never touches it
# vary a little, and icount x nvme cells are refused anyway (HACKING.md).
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/bench/guest/frame.sh"

mode= kname= cfg=bench job= out= tmo= smp= xargs=
while getopts m:k:c:j:o:t:p:a: o; do
	case $o in
	m) mode=$OPTARG ;; k) kname=$OPTARG ;; c) cfg=$OPTARG ;;
	j) job=$OPTARG ;; o) out=$OPTARG ;; t) tmo=$OPTARG ;;
	p) smp=$OPTARG ;; a) xargs=$OPTARG ;;
	*) die "bad option" ;;
	esac
done
[ -n "$mode" ] && [ -n "$job" ] && [ -n "$out" ] || die "usage: see the header of $0"
[ -x "$job/run" ] || die "$job/run: missing or not executable"
mkdir -p "$out"
rm -f "$out/result.txt" "$out/console.log"

if [ "$mode" = host ]; then
	[ -z "${AIOB_PLUGIN:-}" ] || die "AIOB_PLUGIN: host mode runs no QEMU"
	exec "$TOP/bench/run-host.sh" "$job" "$out" "${tmo:-600}"
fi

[ -n "$kname" ] || die "-k <kname> is required for $mode mode"
img="$TOP/kernels/images/$kname-$cfg"
[ -r "$img/bzImage" ] || die "no kernel $img/bzImage (make kernels)"
base=${AIOB_INITRAMFS:-$TOP/build/initramfs.cpio}	# run.sh: the run's snapshot
[ -r "$base" ] || die "no $base (make initramfs)"

# The job travels as a second cpio archive appended to the base image.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/job"
cp -R "$job/." "$work/root/job/"
# The image's own modules (debug: the stall injector, kernels/kbuild.sh).
if [ -r "$img/aiob-stall.ko" ]; then
	mkdir -p "$work/root/lib/modules"
	cp "$img/aiob-stall.ko" "$work/root/lib/modules/"
fi
# Fixed mtimes and inode numbers: the same job gives the same bytes, so
# an icount boot replays it exactly (the unpacker hashes inode numbers;
# the guest seeds its RNG from its own timing).
find "$work/root" -exec touch -h -d @0 {} +
(cd "$work/root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet --reproducible -R 0:0) >"$work/job.cpio"
cat "$base" "$work/job.cpio" >"$work/initrd.cpio"

mem=512	# KASAN: shadow memory and the quarantine want more
! grep -qx 'CONFIG_KASAN=y' "$img/config" || mem=1536
cmdline="console=ttyS0 quiet panic=-1 null_blk.nr_devices=1 null_blk.queue_mode=${NULLB_QMODE:-2}"
cmdline="$cmdline null_blk.irqmode=${NULLB_IRQMODE:-0} aiob.loop_mb=${LOOP_MB:-256}"
case $mode in
icount)
	# Deterministic: virtual time advances with executed instructions.
	# noapictimer: LAPIC timer calibration spins for ~8 s of host time
	# under icount; the PIT tick costs nothing in determinism.
	accel="-accel tcg -icount shift=0,sleep=off -rtc clock=vm,base=2020-01-01"
	smp=${smp:-1} cmdline="$cmdline noapictimer"
	# Several vCPUs: QEMU 7.2's icount starves an AP whose BSP busy-waits
	# without `pause` (6.1's do_boot_cpu() loops on schedule(): the boot
	# hangs at "Booting SMP configuration").  Round-robin TCG on one
	# thread without icount boots; the vCPUs still run one at a time (the
	# profiler needs that), but switch on a host-time kick: counts are
	# not replayed exactly (profile/README.md: the spread).
	[ "$smp" -eq 1 ] || accel="-accel tcg,thread=single -rtc base=2020-01-01"
	;;
wall)
	accel=$("$TOP/bench/accel.sh")
	smp=${smp:-2}
	# TSC is the only good clocksource without ACPI; under multi-threaded
	# TCG the watchdog would otherwise demote it to jiffies (4 ms).
	# no_timer_check: on a loaded host TCG is too slow for the boot-time
	# IO-APIC timer check, which then panics ("IO-APIC + timer doesn't
	# work!"); seen in 1 of 27 wall boots with other QEMUs running.
	cmdline="$cmdline tsc=reliable no_timer_check"
	;;
*)	die "unknown mode '$mode' (icount, wall, host)" ;;
esac
[ -z "$xargs" ] || cmdline="$cmdline $xargs"
tmo=${tmo:-300}

set -- qemu-system-x86_64 $accel -smp "$smp" -m "$mem" \
	-display none -monitor none -no-reboot \
	-serial "file:$out/console.log" -serial "file:$out/result.txt" \
	-kernel "$img/bzImage" -initrd "$work/initrd.cpio" \
	-append "$cmdline"
nvme_default=1
[ "$mode" = icount ] && nvme_default=0
[ "${QEMU_NVME:-$nvme_default}" = 0 ] || set -- "$@" \
	-drive driver=null-co,read-zeroes=on,size=1G,if=none,id=nv0 \
	-device nvme,serial=aiob0,drive=nv0
plugin=${AIOB_PLUGIN:-}
for kv in "@OUT@=$out" "@IMG@=$img"; do
	k=${kv%%=*} v=${kv#*=}
	while :; do
		case $plugin in
		*"$k"*) plugin=${plugin%%"$k"*}$v${plugin#*"$k"} ;;
		*) break ;;
		esac
	done
done
[ -z "$plugin" ] || set -- "$@" -plugin "$plugin"
qmp=
rm -f "$out/vcpu-pin"
if [ "$mode" = wall ] && [ "${AIOB_PIN:-1}" != 0 ]; then
	qmp=$work/qmp.sock
	set -- "$@" -qmp "unix:$qmp,server=on,wait=off"
fi
echo "$*" >"$out/qemu.cmd"
echo "$accel" | sed 's/^-accel //' >"$out/accel"
rc=0
timeout -k 5 "$tmo" "$@" </dev/null >"$out/qemu.log" 2>&1 &
qpid=$!
# timeout(1) puts QEMU in a process group of its own, out of reach of the
# terminal's Ctrl-C: pass INT/TERM on (timeout forwards them to QEMU).
trap 'kill -TERM "$qpid" 2>/dev/null; wait "$qpid"; echo "guest stopped by a signal" >>"$out/qemu.log"; exit 130' INT TERM
if [ -n "$qmp" ] && ! "$TOP/bench/pin-vcpus.sh" "$qmp" >"$out/vcpu-pin.new" 2>"$out/pin.log"; then
	kill "$qpid" 2>/dev/null || true
	wait "$qpid" || true
	echo "vCPU pinning failed: $(cat "$out/pin.log")" >>"$out/qemu.log"
	exit 1
fi
[ -z "$qmp" ] || mv "$out/vcpu-pin.new" "$out/vcpu-pin"
# AIOB_FATAL_GRACE=<s>: a guest whose console shows a fatal kernel problem
# (bench/guest/problem-patterns, lines marked "*") is stopped that many
# seconds later -- time for the trace to reach the console -- instead of
# hanging until the timeout.  Exit 125 then.
fatal_at=
while [ -n "${AIOB_FATAL_GRACE:-}" ] && kill -0 "$qpid" 2>/dev/null; do
	sleep 1
	if [ -z "$fatal_at" ] && [ -n "$(aiob_problems 1 "$out/console.log" fatal 2>/dev/null)" ]; then
		fatal_at=$(date +%s)
	fi
	if [ -n "$fatal_at" ] && [ $(( $(date +%s) - fatal_at )) -ge "$AIOB_FATAL_GRACE" ]; then
		pkill -KILL -P "$qpid" 2>/dev/null || true
		kill "$qpid" 2>/dev/null || true
		break
	fi
done
wait "$qpid" || rc=$?
if [ -n "$fatal_at" ] && ! aiob_framed "$out/result.txt"; then
	echo "guest stopped ${AIOB_FATAL_GRACE}s after a fatal kernel problem on its console" >>"$out/qemu.log"
	exit 125
fi
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "guest killed after ${tmo}s" >>"$out/qemu.log"
	exit 124
fi
aiob_framed "$out/result.txt" || exit 1
exit 0
