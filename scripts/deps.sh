#!/bin/sh
# scripts/deps.sh - install the Debian packages aiorefbench needs.
# Prints what it installs; as non-root without sudo, prints the command.
set -eu
. "$(dirname "$0")/lib.sh"

pkgs="build-essential linux-source-6.1 qemu-system-x86 fio libaio-dev
liburing-dev gnuplot-nox hwloc libhwloc-dev libgsl-dev libjson-c-dev
busybox-static ministat ccache bison flex libelf-dev libssl-dev bc cpio
kmod util-linux e2fsprogs rsync jq parallel openssh-client openssh-server"
missing=
for p in $pkgs; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -n "$missing" ] || exit 0
say "installing:$missing"
sudo=
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null && sudo -n true 2>/dev/null ||
		die "not root and no sudo; as root run: apt-get install$missing"
	sudo="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
# Update the package lists once when they are missing or a day old.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n1)" ]; then
	$sudo apt-get update -q >&2 || die "apt-get update failed"
fi
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing >&2 ||
	die "apt-get install failed for:$missing"
