#!/bin/sh
# Host mode checks HOST_NVME before the first cell: a loop device holding
# an ext2 file system, a mounted one and a symlink to one are refused and
# nothing is written; a clean one is accepted and measured.  A failed
# cell's progress line shows the first line of its cause.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || skip "needs root for losetup"
command -v mkfs.ext2 >/dev/null || skip "no mkfs.ext2 (make deps: e2fsprogs)"
command -v blkid >/dev/null || command -v wipefs >/dev/null || skip "no blkid or wipefs"
losetup -f >/dev/null 2>&1 || skip "no free loop device"
[ -x "$REC" ] || fail "no $REC (make tools)"

run=t-host-devcheck-$$
L1= L2= mnt=
cleanup() {
	[ -z "$mnt" ] || umount "$mnt" 2>/dev/null || true
	[ -z "$L1" ] || losetup -d "$L1" 2>/dev/null || true
	[ -z "$L2" ] || losetup -d "$L2" 2>/dev/null || true
	rm -rf "$T" "$AIOB_RESULTS/$run"
}
trap cleanup EXIT
truncate -s 32M "$T/fs.img" "$T/clean.img"
L1=$(losetup -f --show "$T/fs.img") || fail "losetup"
mkfs.ext2 -q "$L1" || fail "mkfs.ext2 $L1"
L2=$(losetup -f --show "$T/clean.img") || fail "losetup"

cat >"$T/m.conf" <<'M'
[host-nvme]
bench = aio-rw
mode = host
device = nvme
rw = randread
qd = 1 8
ops = 2000
warmup = 100
M
# refused: prints the reason, names the override, writes nothing
refused() {	# refused <what> <device> <regex>
	if HOST_NVME=$2 "$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" >"$T/out" 2>&1; then
		fail "$1: accepted"
	fi
	expect_match "$1" "$(cat "$T/out")" "$3"
	expect_match "$1: override named" "$(cat "$T/out")" 'HOST_FORCE=1'
	[ ! -e "$AIOB_RESULTS/$run" ] || fail "$1: results/$run written before the check"
}
refused "ext2 file system" "$L1" "HOST_NVME=$L1: $L1 holds data: TYPE=ext2"
ln -s "$L1" "$T/link"
refused "symlink to it" "$T/link" "HOST_NVME=$T/link \\($L1\\): $L1 holds data"
mkdir "$T/mnt"
if mount "$L1" "$T/mnt" 2>/dev/null; then
	mnt=$T/mnt
	refused "mounted" "$L1" "$L1 is mounted on $T/mnt"
	umount "$mnt"; mnt=
else
	echo "note: cannot mount here; mounted case not tested" >&2
fi
if "$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" >"$T/out" 2>&1; then fail "no HOST_NVME: accepted"; fi
expect_match "no HOST_NVME" "$(cat "$T/out")" 'need HOST_NVME='

# a clean device is measured; the record names the resolved device
ln -s "$L2" "$T/clean"
HOST_NVME=$T/clean "$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" >"$T/out" 2>&1 ||
	fail "clean device refused: $(tail -n 5 "$T/out")"
R=$AIOB_RESULTS/$run/records.jsonl
expect_eq "records" "$(wc -l <"$R")" 2
expect_eq "ok" "$(field "$R" ok | sort -u)" true
expect_eq "device" "$(field "$R" params.dev | sort -u)" "$L2"
expect_eq "cell_keys.qd" "$(field "$R" cell_keys.qd | sort -n | tr '\n' ' ')" "1 8 "
expect_eq "control" "$(field "$R" control | sort -u)" false
rm -rf "$AIOB_RESULTS/$run"

# a failing cell: its progress line carries the program's own message
printf '[bad-cpu]\nbench = aio-poll\nmode = host\ncpu = pu:999\nops = 10\n' >"$T/bad.conf"
"$TOP/bench/run.sh" -m "$T/bad.conf" -r "$run" >"$T/out" 2>&1 || fail "run died: $(tail -n 3 "$T/out")"
expect_match "progress line" "$(grep 'FAILED' "$T/out")" "FAILED: job exited non-zero: .*pu:999"
exit 0
