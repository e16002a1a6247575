#!/bin/sh
# profile/aio-funcs.sh - the functions of fs/aio.c in a kernel image.
#
# usage: profile/aio-funcs.sh <kernels/images/KNAME-CFG>
# Prints "address<TAB>name" (System.map), one function a line, sorted.
#
# The build tree is shared between schemes, so fs/aio.o may belong to
# another one; derive the set from the image alone: the functions that
# the image's commit defines in fs/aio.c (profile/cfuncs.awk) are found
# in System.map, and aio.o's .text is the one contiguous run of them
# (gaps under 16 KiB), so every symbol inside the run -- compiler clones
# (.constprop.0, .isra.0) and header inlines emitted out of line -- is
# aio.o's.  Outside the run (.init.text, .cold parts in .text.unlikely) a
# name counts when System.map has it once and alone at its address: not
# same-named functions elsewhere, not cond_syscall() stubs (weak, or
# aliases such as compat_sys_io_setup = sys_ni_syscall).
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

[ $# -eq 1 ] || die "usage: $0 <kernels/images/KNAME-CFG>"
img=$1
src=${KSRC:-$TOP/kernels/src}
[ -r "$img/System.map" ] && [ -r "$img/info" ] || die "$img: no System.map or info"
# The source tree the image was built from (kernels/ledger.sh): a tree
# outlives the commit naming it when a series is re-applied (same tree,
# new commit ids) or kernels/src re-imported; older images name a commit.
commit=$(sed -n 's/^tree=//p' "$img/info")
[ -n "$commit" ] || commit=$(sed -n 's/^commit=//p' "$img/info")
[ -n "$commit" ] || die "$img/info: no tree= or commit="
git -C "$src" cat-file -e "$commit" 2>/dev/null ||
	die "$src has no $commit, which $img was built from (make kernels rebuilds or relabels it)"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
git -C "$src" show "$commit:fs/aio.c" 2>/dev/null | awk -f "$TOP/profile/cfuncs.awk" >"$tmp" ||
	die "cannot read fs/aio.c at $commit in $src"
[ -s "$tmp" ] || die "no functions found in fs/aio.c at $commit"

awk -v gap=16384 '
# Low 52 bits (exact in awk'"'"'s doubles): kernel text shares the rest.
function hex(s,    i, v) {
	v = 0; s = tolower(substr(s, length(s) > 13 ? length(s) - 12 : 1))
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
function base(n) { sub(/\..*/, "", n); return n }
FNR == NR { def[$1] = 1; next }
$2 !~ /^[tTwW]$/ { next }
{
	n++; addr[n] = $1; val[n] = hex($1); name[n] = $3; weak[n] = $2 ~ /[wW]/
	count[$3]++; at[$1]++
	if (base($3) in def) { hit[n] = 1; clone[n] = $3 != base($3) }
}
END {
	# Runs of hits with gaps under `gap`; keep the run with most hits.
	best = 0
	for (i = 1; i <= n; i++) {
		if (!hit[i]) continue
		if (!start || val[i] - val[last] > gap) { start = i; k = 0 }
		last = i; k++
		if (k > best) { best = k; bs = start; be = i }
	}
	if (!best) { print "no fs/aio.c function in System.map" > "/dev/stderr"; exit 1 }
	for (i = 1; i <= n; i++) {
		in_run = val[i] >= val[bs] && val[i] <= val[be]
		if (in_run || (hit[i] && count[name[i]] == 1 && at[addr[i]] == 1 && !weak[i]))
			if (!(addr[i] in seen)) { seen[addr[i]] = 1; print addr[i] "\t" name[i] }
	}
}' "$tmp" "$img/System.map"
