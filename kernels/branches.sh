#!/bin/sh
# kernels/branches.sh - turn variants/ into git branches of the kernel tree.
#
#   variants/<scheme>/*.patch            -> branch aio/<scheme>   (on tag base)
#   variants/<scheme>/mutants/<m>.patch  -> branch aio-mutant/<scheme>/<m>
#                                           (on aio/<scheme>)
#
# Patches are applied like `git am` but without touching any work tree
# (git mailinfo + git apply --cached on a private index), so the checkout
# used by the builds keeps its mtimes.  A branch is re-created only when
# its series (base commit + patch bytes) changed; the series hash is kept in
# $GIT_DIR/aiorefbench/series/.  Prints one line per branch: kname commit.
# Commits are reproducible: author and date come from the patch, and the
# committer is the author, so the same base and patches give the same
# commit ids on every machine.
#
# usage: kernels/branches.sh [scheme ...]      (default: every variants/*)
# VARIANTS=<dir> reads schemes from another directory (tests use this).
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

src=${KSRC:-$TOP/kernels/src}
git_dir=$(git -C "$src" rev-parse --absolute-git-dir) || die "no kernel tree at $src (make src)"
state="$git_dir/aiorefbench/series"
vdir=${VARIANTS:-$TOP/variants}
mkdir -p "$state"

# apply_series <parent-commit> <patch>... : prints the new tip commit
apply_series() {
	tip=$1; shift
	work=$(mktemp -d)
	for p in "$@"; do
		GIT_INDEX_FILE="$work/index" git -C "$src" read-tree "$tip"
		git mailinfo "$work/msg" "$work/diff" <"$p" >"$work/info" ||
			die "$p: not a git format-patch mail"
		GIT_INDEX_FILE="$work/index" git -C "$src" apply --cached "$work/diff" ||
			die "$p does not apply on $(git -C "$src" log -1 --format='%h %s' "$tip")"
		tree=$(GIT_INDEX_FILE="$work/index" git -C "$src" write-tree)
		subject=$(sed -n 's/^Subject: //p' "$work/info")
		export GIT_AUTHOR_NAME="$(sed -n 's/^Author: //p' "$work/info")"
		export GIT_AUTHOR_EMAIL="$(sed -n 's/^Email: //p' "$work/info")"
		export GIT_AUTHOR_DATE="$(sed -n 's/^Date: //p' "$work/info")"
		export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
		export GIT_COMMITTER_DATE="$GIT_AUTHOR_DATE"
		tip=$(printf '%s\n\n%s\n' "$subject" "$(cat "$work/msg")" |
			git -C "$src" commit-tree "$tree" -p "$tip")
	done
	rm -rf "$work"
	echo "$tip"
}

# make_branch <kname> <branch> <parent-rev> <patch>...
make_branch() {
	kname=$1 branch=$2 parent=$3; shift 3
	pc=$(git -C "$src" rev-parse --verify "$parent^{commit}")
	sum=$( { echo "recipe 2 $pc"; for p in "$@"; do cat "$p"; done; } | sha256sum | cut -c1-64)
	cur=$(git -C "$src" rev-parse -q --verify "refs/heads/$branch" || true)
	if [ -n "$cur" ] && [ "$(cat "$state/$kname" 2>/dev/null)" = "$sum" ]; then
		echo "$kname $cur"
		return
	fi
	say "branch $branch: applying $# patch(es) onto $(git -C "$src" rev-parse --short "$pc")"
	tip=$(apply_series "$pc" "$@")
	git -C "$src" update-ref "refs/heads/$branch" "$tip"
	echo "$sum" >"$state/$kname"
	echo "$kname $tip"
}

[ $# -gt 0 ] || set -- $(cd "$vdir" && ls -d */ | tr -d /)
for scheme; do
	d="$vdir/$scheme"
	[ -d "$d" ] || die "no such scheme: $scheme (have: $(ls "$vdir" | tr '\n' ' '))"
	# shellcheck disable=SC2046
	make_branch "$scheme" "aio/$scheme" base $(ls "$d"/*.patch 2>/dev/null | sort)
	for m in "$d"/mutants/*.patch; do
		[ -e "$m" ] || continue
		mn=$(basename "$m" .patch)
		make_branch "$scheme--$mn" "aio-mutant/$scheme/$mn" "aio/$scheme" "$m"
	done
done
