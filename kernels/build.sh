#!/bin/sh
# kernels/build.sh - build one kernel: a scheme (or mutant) x a config.
#
# usage: kernels/build.sh <kname> <config>
#   kname   scheme name (branch aio/<scheme>) or <scheme>--<mutant>
#           (branch aio-mutant/<scheme>/<mutant>), see branches.sh
#   config  bench | debug | kcsan | gadget  (fragments in kernels/configs/)
#
# Fragments: bench.config, then for another config <config>.config after
# the fragments its "# base: <config>" line names (kcsan: bench, debug,
# kcsan; gadget: bench, debug, gadget); a later fragment's value of an option wins (kernels/kbuild.sh).
#
# Output: kernels/images/<kname>-<config>/{bzImage,System.map,config,info}
#
# One work tree (kernels/src) and one build directory per config
# (kernels/build/<config>) serve every scheme: checking out another scheme
# rewrites only the files its patches touch, so kbuild recompiles only
# those (fs/aio.c: ~10 s) instead of the whole kernel.  An image is rebuilt
# only when its inputs changed (the source tree's content, config fragments,
# compiler), which `info` records; so a second `make` with nothing changed
# builds nothing, and neither does a re-import that gives the same content
# (the image's info is then relabelled with the new commit ids).  Before
# building, kernels/ledger.sh makes sure no object compiled from other
# source (another scheme, another tree, a build cut short) reaches the
# image, whatever the file times say; after it, that every changed file was
# really recompiled and the tree still holds the commit the image names.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/kernels/ledger.sh"
. "$TOP/kernels/kbuild.sh"

[ $# -eq 2 ] || die "usage: $0 <kname> <bench|debug|kcsan|gadget>"
kname=$1 cfg=$2
src=${KSRC:-$TOP/kernels/src}
case $kname in
*--*)	scheme=${kname%%--*} mutant=${kname#*--}
	branch=aio-mutant/$scheme/$mutant ;;
*)	scheme=$kname mutant=
	branch=aio/$scheme ;;
esac
frags=$(kb_frags "$cfg") || exit 1

commit=$(git -C "$src" rev-parse -q --verify "refs/heads/$branch^{commit}") ||
	die "no branch $branch in $src (run kernels/branches.sh)"
base=$(git -C "$src" rev-parse base)
out="$TOP/kernels/images/$kname-$cfg"
bdir="$TOP/kernels/build/$cfg"
inputs=$(kb_inputs "$commit" "$kname" "$frags")
if kb_current "$out" "$inputs"; then
	if ! grep -qx "commit=$commit" "$out/info" || ! grep -qx "base=$base" "$out/info"; then
		sed -e "s/^commit=.*/commit=$commit/" -e "s/^base=.*/base=$base/" "$out/info" >"$out/info.tmp"
		mv "$out/info.tmp" "$out/info"
		say "$kname-$cfg: same source as the image, now at commit $(git -C "$src" rev-parse --short "$commit")"
	fi
	say "$kname-$cfg: up to date ($(sed -n 's/^release=//p' "$out/info"))"
	exit 0
fi

mkdir -p "$TOP/kernels/build"
exec 9>"$TOP/kernels/build/.lock"
flock 9 || die "cannot lock kernels/build"

# The tree must hold exactly the commit the image will be named after.
git -C "$src" diff --quiet HEAD -- ||
	die "$src has uncommitted changes ($(git -C "$src" diff --name-only HEAD -- | head -n3 | paste -sd' ')); the builds check out scheme branches there: commit them to a scheme (variants/) or discard them (git -C $src checkout -f HEAD)"
# Check out without disturbing unchanged files: kbuild sees new mtimes only
# on files whose content differs from the previous checkout.
if [ "$(git -C "$src" rev-parse HEAD)" != "$commit" ]; then
	git -C "$src" checkout -q --detach "$commit"
fi

# Config: generated in a scratch dir and copied over only when it
# changed, so an unchanged config does not restart kbuild's syncconfig.
scratch="$bdir.cfg"
mkdir -p "$bdir"
kb_config "$scratch" "$kname" "$frags" || exit 1
[ -z "$kb_missing" ] || die "options requested but not in the final .config: $kb_missing"
kb_make "$bdir" "$commit" "$scratch" "$kname-$cfg" || exit 1
kb_install "$bdir" "$out" "$kname" "$cfg" "$commit" "$inputs" \
	"scheme=$scheme" "mutant=$mutant" "base=$base" \
	"base_tree=$(git -C "$src" rev-parse "base^{tree}")" \
	"patch_ids=$(git -C "$src" log --reverse --format=%H "$base..$commit" |
		while read -r c; do git -C "$src" show "$c" | git patch-id --stable | cut -c1-12; done | paste -sd, -)" ||
	exit 1
say "$kname-$cfg: $kb_release built in $kb_seconds s -> ${out#$TOP/}"
