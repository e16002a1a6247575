#!/bin/sh
# bench/guest/mkinitramfs.sh - the base guest initramfs (uncompressed cpio).
#
# usage: mkinitramfs.sh <out.cpio> <dir-of-static-tools> [extra-file...]
# Contents: busybox-static and its applets, /init, every executable in the
# tools dir under /bin.  Jobs are appended per boot as a second cpio
# archive holding /job/run (see bench/run.sh), so the base image is built
# once and reused by every cell.
set -eu
. "$(dirname "$0")/../../scripts/lib.sh"

[ $# -ge 2 ] || die "usage: $0 <out.cpio> <tools-dir> [file...]"
out=$1 tools=$2; shift 2
bb=$(command -v busybox) || die "busybox not found (apt-get install busybox-static)"
! ldd "$bb" >/dev/null 2>&1 ||
	die "$bb is not static (apt-get install busybox-static)"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/bin "$root"/sbin "$root"/usr/bin "$root"/usr/sbin "$root"/proc \
	"$root"/sys "$root"/dev "$root"/tmp "$root"/job "$root"/etc
cp "$bb" "$root/bin/busybox"
for a in $("$bb" --list); do
	[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
done
cp "$TOP/bench/guest/init" "$root/init"
chmod 755 "$root/init"
mkdir -p "$root/etc/aiob"
cp "$TOP/bench/guest/problem-patterns" "$TOP/bench/guest/problems.awk" \
	"$TOP/bench/guest/frame.sh" "$root/etc/aiob/"
for t in "$tools"/*; do
	[ -f "$t" ] && [ -x "$t" ] && cp "$t" "$root/bin/"
done
for f; do cp "$f" "$root/bin/"; done
# devtmpfs provides the rest; the console node must exist before it does.
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) >"$out.tmp"
mv "$out.tmp" "$out"
say "initramfs ${out#$TOP/}: $(du -k "$out" | cut -f1) KiB"
