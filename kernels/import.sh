#!/bin/sh
# kernels/import.sh - import Debian's linux-source-6.1 tarball as a git tree.
#
# usage: kernels/import.sh [dir]      (default kernels/src)
#
# Result: a git repository whose tag `base` is the pristine Debian 6.1
# source.  Idempotent: does nothing when the tag already exists.
# KSRC=/path/to/linux.git skips the import (the tree must have a `base`
# tag naming the commit the schemes apply to).
#
# Reproducible: the commit's author, committer and date are fixed (the
# date is the newest file time in the tarball), so the same tarball gives
# the same `base` commit id on every machine and after every re-import, and
# so do the scheme branches on top of it (kernels/branches.sh).
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

src=${1:-${KSRC:-$TOP/kernels/src}}
tarball=${KTARBALL:-$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n1)}

if git -C "$src" rev-parse -q --verify "refs/tags/base^{commit}" >/dev/null 2>&1; then
	exit 0
fi
if [ $# -eq 0 ] && [ -n "${KSRC:-}" ]; then
	die "KSRC=$KSRC has no 'base' tag; tag the commit the schemes apply to: git -C $KSRC tag base <rev>"
fi
[ -n "$tarball" ] && [ -r "$tarball" ] ||
	die "no /usr/src/linux-source-6.1.tar.* (apt-get install linux-source-6.1, or run 'make deps')"

tmp="$src.tmp.$$"
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"
say "importing $tarball into $src (about a minute)"
tar -C "$tmp" --strip-components=1 -xf "$tarball"
cd "$tmp"
git init -q
git config user.name "aiorefbench"
git config user.email "aiorefbench@localhost"
git config gc.auto 0
git config core.abbrev 12
git add -A -f .   # Debian's .gitignore ignores the whole top level
newest=$(find . -path ./.git -prune -o -type f -printf '%T@\n' | sort -n | tail -n1 | cut -d. -f1)
GIT_AUTHOR_DATE="@$newest +0000" GIT_COMMITTER_DATE="@$newest +0000" \
GIT_AUTHOR_NAME=aiorefbench GIT_AUTHOR_EMAIL=aiorefbench@localhost \
GIT_COMMITTER_NAME=aiorefbench GIT_COMMITTER_EMAIL=aiorefbench@localhost \
	git commit -q -m "base: $(basename "$tarball") ($(make -s kernelversion 2>/dev/null || echo unknown))" \
	-m "sha256 $(sha256sum "$tarball" | cut -c1-64)"
git tag base
cd "$TOP"
rm -rf "$src"
mv "$tmp" "$src"
trap - EXIT
say "kernel source at $src, tag base = $(git -C "$src" rev-parse --short base)"
