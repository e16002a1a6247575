#!/bin/sh
# bench/fio/build.sh - a small static fio for the guest, from Debian's source.
#
# usage: bench/fio/build.sh <out-binary>
#
# The distro fio links ~84 MB of shared libraries (rbd, rados, glusterfs,
# ...), far too much for an initramfs.  This fetches the Debian source
# package (`apt-get source fio`, adding a deb-src entry for the configured
# Debian mirror when there is none), configures it with only the libaio
# and io_uring engines, links it statically and strips it.  It also builds
# fio's t/io_uring (the minimal io_uring submit/reap loop) next to it as
# <out-binary>-t-io_uring, for the microbenchmark overhead comparison.
# The source and the object files stay in build/fio-src (rebuilt only when
# the version changes).
set -eu
. "$(dirname "$0")/../../scripts/lib.sh"

[ $# -eq 1 ] || die "usage: $0 <out-binary>"
case $1 in /*) out=$1 ;; *) out=$PWD/$1 ;; esac
src=$TOP/build/fio-src
mkdir -p "$src" "$(dirname "$out")"

srcdir=$(ls -d "$src"/fio-*/ 2>/dev/null | head -n1)
if [ -z "$srcdir" ] || [ ! -f "$srcdir/configure" ]; then
	if ! apt-get source --print-uris fio >/dev/null 2>&1; then
		[ -w /etc/apt/sources.list.d ] ||
			die "apt-get source fio does not work and I cannot fix it (not root): add a deb-src entry for Debian bookworm and run apt-get update"
		if ! grep -Eqs '^deb-src|^Types:.*deb-src' /etc/apt/sources.list \
			/etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; then
			# No deb-src entry: add one for the first "deb" mirror.
			f=/etc/apt/sources.list.d/aiorefbench-src.sources
			deb=$(grep -h -A4 '^Types: deb$' /etc/apt/sources.list.d/*.sources 2>/dev/null |
				sed -n 's/^URIs: //p' | head -n1)
			[ -n "$deb" ] || deb=http://deb.debian.org/debian
			say "adding deb-src entry $f ($deb)"
			printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
				"$deb" >"$f"
		fi
		say "apt-get update (for the deb-src lists)"
		apt-get update -q >"$src/update.log" 2>&1 ||
			die "apt-get update failed; see ${src#$TOP/}/update.log"
	fi
	command -v dpkg-source >/dev/null ||
		die "dpkg-source missing (apt-get install dpkg-dev)"
	say "fetching the fio source package"
	(cd "$src" && apt-get source -q fio) >"$src/fetch.log" 2>&1 ||
		die "apt-get source fio failed; see ${src#$TOP/}/fetch.log"
	srcdir=$(ls -d "$src"/fio-*/ | head -n1)
fi
srcdir=${srcdir%/}
ver=$(basename "$srcdir")

say "configuring $ver (static; libaio + io_uring engines only)"
cd "$srcdir"
# Everything optional is switched off so configure cannot pick up a library
# that has no static build; libaio and io_uring need no library at all
# (fio issues the io_uring syscalls itself; libaio.a is in libaio-dev).
./configure --build-static --disable-native --disable-numa --disable-rdma --disable-rados --disable-rbd \
	--disable-http --disable-gfapi --disable-lex --disable-pmem \
	--disable-libnfs --disable-xnvme \
	--disable-tcmalloc --disable-dfs --disable-libzbc \
	>"$src/configure.log" 2>&1 ||
	die "fio configure failed; see ${src#$TOP/}/configure.log"
grep -E '^(Linux AIO support |Static build|zlib)' "$src/configure.log" | sed 's/^/  /' >&2 || :
grep -q '^Linux AIO support *yes' "$src/configure.log" ||
	die "fio configure found no libaio (apt-get install libaio-dev)"

say "building fio (log: ${src#$TOP/}/make.log)"
make -j"${JOBS:-2}" fio t/io_uring >"$src/make.log" 2>&1 ||
	die "fio build failed; last lines of ${src#$TOP/}/make.log:
$(tail -n 15 "$src/make.log")"
for b in fio t/io_uring; do
	if ldd "$b" >/dev/null 2>&1; then
		die "$b is not statically linked"
	fi
done
strip -o "$out.tmp" fio
strip -o "$out-t-io_uring.tmp" t/io_uring
mv "$out-t-io_uring.tmp" "$out-t-io_uring"
mv "$out.tmp" "$out"
say "fio $ver -> ${out#$TOP/} ($(du -k "$out" | cut -f1) KiB, static)"
