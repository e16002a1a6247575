#!/bin/sh
# bench/hostdev.sh - may host mode write to this block device?
#
# usage: bench/hostdev.sh <name> <device>
#   <name> is how the user gave it (e.g. HOST_NVME), for the messages.
#
# Resolves symlinks (/dev/disk/by-id/...), then refuses a device that is
# mounted (it or a partition, found by path and by major:minor), holds a
# file system, RAID/LVM signature or partition table (blkid, else
# wipefs), is used as swap, or is held by another device (LVM, md,
# dm-crypt: /sys/class/block/<dev>/holders).  Every problem is printed;
# exit 1 when there is one, unless HOST_FORCE=1 (then they are warnings).
# Prints the resolved path on stdout when the device may be used.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

[ $# -eq 2 ] || die "usage: $0 <name> <device>"
what=$1 given=$2
dev=$(readlink -f "$given") || dev=$given
[ -b "$dev" ] || die "$what=$given is not a block device; name a whole disk or namespace, e.g. /dev/nvme0n1"
name=${dev##*/}
sys=/sys/class/block/$name
[ -d "$sys" ] || die "$what=$given: no $sys"
shown=$given
[ "$dev" = "$given" ] || shown="$given ($dev)"

probs=$(mktemp)
trap 'rm -f "$probs"' EXIT
problem() { printf '%s=%s: %s\n' "$what" "$shown" "$*" >>"$probs"; }

# the device and its partitions
names=$name
for p in "$sys"/*/partition; do
	[ -e "$p" ] || continue
	p=${p%/partition}
	names="$names ${p##*/}"
done
[ "$names" = "$name" ] || problem "has partitions (${names#"$name" }): a partition table means data"

# mounted: by device number (mountinfo field 3) and by source path
for n in $names; do
	awk -v n="$(cat "/sys/class/block/$n/dev")" '$3 == n { print $5 }' /proc/self/mountinfo |
		while IFS= read -r mp; do problem "/dev/$n is mounted on $mp"; done
done
while read -r src mp _; do
	case $src in /*) ;; *) continue ;; esac
	s=$(readlink -f "$src" 2>/dev/null) || continue
	for n in $names; do
		[ "$s" != "/dev/$n" ] || problem "/dev/$n is mounted on $mp"
	done
done </proc/mounts

# swap
while read -r src _; do
	s=$(readlink -f "$src" 2>/dev/null) || continue
	for n in $names; do
		[ "$s" != "/dev/$n" ] || problem "/dev/$n is used as swap (swapoff it first)"
	done
done </proc/swaps

# held by another device: LVM, md, dm-crypt, bcache...
for n in $names; do
	for h in /sys/class/block/"$n"/holders/*; do
		[ -e "$h" ] || continue
		hn=${h##*/}
		dm=$(cat "/sys/class/block/$hn/dm/name" 2>/dev/null || true)
		problem "/dev/$n is held by /dev/$hn${dm:+ ($dm)} (LVM, md or dm-crypt; see lsblk)"
	done
done

# signatures: file system, RAID/LVM member, partition table
for n in $names; do
	sig=
	if command -v blkid >/dev/null; then
		rc=0
		sig=$(blkid -p -o export "/dev/$n" 2>/dev/null) || rc=$?
		case $rc in
		0) sig=$(printf '%s\n' "$sig" | grep -E '^(TYPE|PTTYPE|USAGE|LABEL)=' | tr '\n' ' ') ;;
		2) sig= ;;
		*) problem "blkid cannot read /dev/$n (exit $rc; run as root)" ;;
		esac
	elif command -v wipefs >/dev/null; then
		sig=$(wipefs -n -p "/dev/$n" 2>/dev/null | grep -v '^#' | cut -d, -f4 | tr '\n' ' ') ||
			problem "wipefs cannot read /dev/$n (run as root)"
	else
		problem "cannot look for a file system on it: no blkid or wipefs (apt-get install util-linux)"
	fi
	[ -z "$sig" ] || problem "/dev/$n holds data: ${sig% }"
done

if [ -s "$probs" ]; then
	awk '!seen[$0]++' "$probs" >&2
	if [ "${HOST_FORCE:-0}" = 1 ]; then
		say "HOST_FORCE=1: using $dev anyway; writes to it destroy its data"
	else
		printf '%s\n' "refusing to benchmark $shown: host-mode cells read and write it raw." \
			"Name a spare disk or namespace, or set HOST_FORCE=1 to use it anyway." >&2
		exit 1
	fi
fi
echo "$dev"
