#!/bin/sh
# bench/run-host.sh - host mode: run a job on the running kernel.
#
# usage: run-host.sh <job-dir> <out-dir> <timeout-s>
#
# Same contract as a guest boot (bench/guest/init): writes a framed
# <out-dir>/result.txt.  Devices: DEV_loop is a loop device over a file in
# /dev/shm, set up and torn down here; DEV_nvme is $HOST_NVME if the user
# named one (refused by bench/hostdev.sh when mounted, holding data, used
# as swap or held by LVM/md/dm-crypt, unless HOST_FORCE=1); DEV_nullb is
# /dev/nullb0 when the host has null_blk loaded.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

job=$1 out=$2 tmo=$3
mkdir -p "$out"
DEV_nullb= DEV_nvme= DEV_loop=
[ -b /dev/nullb0 ] && DEV_nullb=/dev/nullb0
if [ -n "${HOST_NVME:-}" ]; then
	# bench/run.sh checked it before the first cell; again here for a
	# direct run-cell.sh (mounted, file system, swap, holders...)
	DEV_nvme=$("$TOP/bench/hostdev.sh" HOST_NVME "$HOST_NVME") || exit 1
fi
img=
cleanup() {
	[ -n "$DEV_loop" ] && losetup -d "$DEV_loop" 2>/dev/null
	[ -n "$img" ] && rm -f "$img"
	return 0
}
trap cleanup EXIT
if [ "$(id -u)" = 0 ] && command -v losetup >/dev/null; then
	img=$(mktemp /dev/shm/aiob-loop.XXXXXX)
	truncate -s "${LOOP_MB:-256}M" "$img"
	DEV_loop=$(losetup -f --show "$img" 2>/dev/null) || DEV_loop=
fi
export DEV_nullb DEV_nvme DEV_loop
export PATH="$TOP/build/guest:$PATH"

dmesg >"$out/dmesg.before" 2>/dev/null || : >"$out/dmesg.before"
rc=0
(cd "$job" && timeout -k 5 "$tmo" ./run) >"$out/job.out" 2>"$out/job.err" || rc=$?
dmesg 2>/dev/null | tail -n +"$(( $(wc -l <"$out/dmesg.before") + 1 ))" >"$out/console.log" || true
. "$TOP/bench/guest/frame.sh"
aiob_frame "$rc" "$out/job.out" "$out/job.err" "$out/console.log" >"$out/result.txt"
echo host >"$out/accel"
[ $rc -eq 124 ] && exit 124
exit 0
