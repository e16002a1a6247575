#!/bin/sh
# kernels/build.sh - build one kernel: a scheme (or mutant) x a config.
#
# usage: kernels/build.sh <kname> <config>
#   kname   scheme name (branch aio/<scheme>) or <scheme>--<mutant>
#           (branch aio-mutant/<scheme>/<mutant>), see branches.sh
#   config  bench | debug | kcsan  (fragments in kernels/configs/)
#
# Fragments: bench.config, then for another config <config>.config after
# the fragments its "# base: <config>" line names (kcsan: bench, debug,
# kcsan); a later fragment's value of an option wins.
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

[ $# -eq 2 ] || die "usage: $0 <kname> <bench|debug|kcsan>"
kname=$1 cfg=$2
src=${KSRC:-$TOP/kernels/src}
case $kname in
*--*)	scheme=${kname%%--*} mutant=${kname#*--}
	branch=aio-mutant/$scheme/$mutant ;;
*)	scheme=$kname mutant=
	branch=aio/$scheme ;;
esac
cdir=${KCONFIGS:-$TOP/kernels/configs}	# tests point this elsewhere
frags_of() {	# frags_of <config>: its fragments, bases first
	[ -r "$cdir/$1.config" ] || die "no config fragment $cdir/$1.config"
	[ "$1" = bench ] && return 0
	b=$(sed -n 's/^# base: *//p' "$cdir/$1.config")
	[ -n "$b" ] && [ "$b" != "$1" ] && frags_of "$b"
	echo "$cdir/$1.config"
}
frags=$(frags_of "$cfg")
frags="$cdir/bench.config $(echo $frags)"

commit=$(git -C "$src" rev-parse -q --verify "refs/heads/$branch^{commit}") ||
	die "no branch $branch in $src (run kernels/branches.sh)"
base=$(git -C "$src" rev-parse base)
out="$TOP/kernels/images/$kname-$cfg"
bdir="$TOP/kernels/build/$cfg"
jobs=${JOBS:-$(nproc)}
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
export CCACHE_DIR="${CCACHE_DIR:-$TOP/kernels/ccache}"

# Everything the image depends on, hashed.
tree=$(git -C "$src" rev-parse "$commit^{tree}")
inputs=$( { echo "$tree"; cat $frags; echo "$kname"; gcc --version | head -n1; } |
	sha256sum | cut -c1-16)
if [ -r "$out/info" ] && grep -qx "inputs=$inputs" "$out/info" && [ -r "$out/bzImage" ]; then
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

# Config: tinyconfig (allnoconfig + tiny.config) + our fragments +
# LOCALVERSION, generated in a scratch dir and copied over only when it
# changed, so an unchanged config does not restart kbuild's syncconfig.
scratch="$bdir.cfg"
mkdir -p "$scratch" "$bdir"
printf 'CONFIG_LOCALVERSION="-%s"\n' "$kname" >"$scratch/localversion.config"
(cd "$src" && KCONFIG_CONFIG="$scratch/.config" ./scripts/kconfig/merge_config.sh -n \
	-O "$scratch" kernel/configs/tiny.config arch/x86/configs/tiny.config \
	$frags "$scratch/localversion.config") >"$scratch/merge.log" 2>&1 ||
	{ tail -n 20 "$scratch/merge.log" >&2; die "merge_config.sh failed"; }
# merge_config.sh only warns when a requested option is dropped: refuse.
# An option set by several fragments: the last one's value counts.
missing=$(cat $frags "$scratch/localversion.config" | sed -n \
	-e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(.*\)$/\1=\2/p' \
	-e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1=n/p' |
	awk -F= '{ v[$1] = $0; if (!($1 in o)) o[$1] = ++n; k[o[$1]] = $1 }
		END { for (i = 1; i <= n; i++) print v[k[i]] }' |
	while IFS= read -r want; do
		sym=${want%%=*} val=${want#*=}
		have=$(grep -E "^$sym=|^# $sym is not set" "$scratch/.config" | head -n1)
		case $have in "$sym=$val") ;; "# $sym is not set") [ "$val" = n ] || echo "$want" ;;
			*) [ "$val" = n ] && [ -z "$have" ] || echo "$want (got: ${have:-absent})" ;; esac
	done)
[ -z "$missing" ] || die "options requested but not in the final .config: $missing"

# Whatever the file times say, recompile every file whose content differs
# from what this build dir's objects were compiled from (kernels/ledger.sh).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ledger_prepare "$bdir" "$commit" "$work"
[ ! -s "$work/changed" ] || [ ! -e "$bdir/vmlinux" ] ||
	say "$kname-$cfg: $(wc -l <"$work/changed") file(s) differ from what ${bdir#$TOP/} was built from: $(head -n4 "$work/changed" | paste -sd' ')"
cmp -s "$scratch/.config" "$bdir/.config" || cp "$scratch/.config" "$bdir/.config"
touch "$work/stamp"

say "$kname-$cfg: building $(git -C "$src" log -1 --format='%h %s' "$commit") in $bdir"
t0=$(date +%s)
# LOCALVERSION= (set, empty) keeps setlocalversion from appending "+".
if ! make -C "$src" O="$bdir" CC="$cc" LOCALVERSION= -j"$jobs" bzImage \
	>"$bdir/build.log" 2>&1; then
	grep -E 'error|Error' "$bdir/build.log" | head -n 20 >&2
	die "$kname-$cfg: build failed, see $bdir/build.log"
fi
stale=$(ledger_verify "$bdir" "$work" "$work/stamp")
[ -z "$stale" ] ||
	die "$kname-$cfg: not recompiled although their source changed: $stale (remove ${bdir#$TOP/} and build again)"
[ "$(git -C "$src" rev-parse HEAD)" = "$commit" ] && git -C "$src" diff --quiet HEAD -- ||
	die "$kname-$cfg: $src changed during the build; build again"
ledger_commit "$bdir" "$work"
release=$(make -s -C "$src" O="$bdir" LOCALVERSION= kernelrelease)
[ "$release" = "$(make -s -C "$src" kernelversion)-$kname" ] ||
	die "$kname-$cfg: kernel release '$release' does not name the kernel"

tmp="$out.tmp"
rm -rf "$tmp"; mkdir -p "$tmp"
cp "$bdir/arch/x86/boot/bzImage" "$bdir/System.map" "$tmp/"
cp "$bdir/.config" "$tmp/config"
{
	echo "kname=$kname"
	echo "scheme=$scheme"
	echo "mutant=$mutant"
	echo "config=$cfg"
	echo "release=$release"
	echo "commit=$commit"
	echo "base=$base"
	echo "tree=$tree"
	echo "base_tree=$(git -C "$src" rev-parse "base^{tree}")"
	echo "config_sha=$(grep -v '^CONFIG_LOCALVERSION=' "$bdir/.config" | sha256sum | cut -c1-16)"
	echo "patch_ids=$(git -C "$src" log --reverse --format=%H "$base..$commit" |
		while read -r c; do git -C "$src" show "$c" | git patch-id --stable | cut -c1-12; done | paste -sd, -)"
	echo "compiler=$(gcc --version | head -n1)"
	echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "build_seconds=$(( $(date +%s) - t0 ))"
	echo "inputs=$inputs"
} >"$tmp/info"
rm -rf "$out"; mv "$tmp" "$out"
say "$kname-$cfg: $release built in $(( $(date +%s) - t0 )) s -> ${out#$TOP/}"
