#!/bin/sh
# A full disk stops a run with a message that says so and how to resume,
# records no failure for the boots it could not run, leaves no partial
# guest image snapshot behind; after space is freed the same RUN resumes
# and every boot is good.  The results of the run live on a small tmpfs.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || skip "needs root (mount)"
[ -e /proc/sys/fs/aio-max-nr ] || skip "host kernel has no AIO"
img=$TOP/build/initramfs.cpio
[ -r "$img" ] || fail "no $img (make initramfs)"
poll_matrix "$T/m.conf" host 3 2000 60
run=t-diskfull-$$
rd=$AIOB_RESULTS/$run
cleanup() { umount "$rd" 2>/dev/null; rm -rf "$T" "$rd"; }
trap cleanup EXIT
mkdir -p "$rd"
mb=$(( $(stat -c %s "$img") / 1048576 ))
# 1. too small for the snapshot: the copy fails, nothing half-written stays
mount -t tmpfs -o size=$((mb / 2))M aiob-t "$rd" || skip "cannot mount a tmpfs"
if "$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" >"$T/out1" 2>&1; then
	fail "a run with no room for its snapshot succeeded"
fi
cat "$T/out1"
expect_match "says no space" "$(cat "$T/out1")" 'no space left for a boot: [0-9]+ MB free'
expect_match "says how to resume" "$(cat "$T/out1")" "resume it with: make bench RUN=$run"
[ ! -e "$rd/initramfs.cpio" ] || fail "a partial snapshot was left"
# 2. room for the snapshot and one boot; filled after the first record
mount -o remount,size=$((mb * 3 + 40))M "$rd"
( while [ ! -s "$rd/records.jsonl" ]; do sleep 0.05; done
  dd if=/dev/zero of="$rd/filler" bs=1M 2>/dev/null; true ) &
filler=$!
if "$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" >"$T/out2" 2>&1; then
	fail "a run on a full disk succeeded"
fi
wait "$filler"
cat "$T/out2"
expect_match "mid-run: says no space" "$(cat "$T/out2")" 'no space left for a boot'
n=$(field "$rd/records.jsonl" ok | grep -c true)
[ "$n" -ge 1 ] && [ "$n" -lt 3 ] || fail "$n good records before the disk filled, want 1 or 2"
expect_eq "no failure recorded" "$(field "$rd/records.jsonl" ok | grep -c false)" 0
# 3. space freed: the same RUN finishes with good boots
rm -f "$rd/filler"
"$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" >"$T/out3" 2>&1 || fail "resume failed: $(tail "$T/out3")"
expect_eq "records" "$(wc -l <"$rd/records.jsonl")" 3
expect_eq "all ok" "$(field "$rd/records.jsonl" ok | sort -u)" true
