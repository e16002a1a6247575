# kernels/ledger.sh - which source each object of a build dir was compiled
# from; sourced by kernels/build.sh.
# shellcheck shell=sh
#
# The work tree (kernels/src or KSRC) and the build dirs (kernels/build/<cfg>)
# are shared by every scheme, and kbuild decides what to recompile by file
# times alone.  That is right as long as the tree is only ever moved by
# `git checkout` (it writes changed files with new times) and wrong as soon
# as the tree is replaced: a re-import extracts the tarball with its own old
# times, another KSRC has times of its own, a build may have been cut short.
# Then an object compiled from another scheme's source looks newer than the
# source and is linked into an image that carries this scheme's name.
#
# So each build dir keeps a ledger, <bdir>/aiob-sources:
#
#   base_tree <tree of tag base the build dir was first built from>
#   file <path> <blob it was last compiled from | pending>
#
# Invariant: every tracked file not listed was compiled from its content in
# `base`.  Before a build, every file whose blob in the commit to build
# differs from the ledger's (for a listed file) or from base's (for one that
# the commit changes) is touched, so kbuild recompiles it and whatever
# includes it, whatever the file times say; the ledger marks those files
# `pending` until the build succeeds, so an interrupted build can never be
# taken for a finished one.  A build dir first built from another base (a
# different tarball or KSRC history) is emptied.  After the build, each
# touched C or assembler file whose object exists must have a new object
# (ledger_verify), or the image is refused.  `base` is $ledger_base when
# set: bisect/step.sh builds any tree, with its GOOD commit as the base.

# blobs <rev> <pathfile>: "path blob" for each path in <pathfile> at <rev>,
# "path absent" where <rev> has no such file.
blobs() {
	{ [ ! -s "$2" ] || xargs -d '\n' git -C "$src" ls-tree -r "$1" -- <"$2"; } |
		awk -F'\t' '{ split($1, a, " "); print $2, a[3] }' >"$2.have"
	awk -v have="$2.have" 'FILENAME == have { b[$1] = $2; next }
		{ print $0, ($0 in b) ? b[$0] : "absent" }' "$2.have" "$2"
	rm -f "$2.have"
}

# ledger_prepare <bdir> <commit> <workdir>: reconcile the ledger with the
# commit about to be built (which is checked out already); touches what
# must be recompiled and lists it in <workdir>/changed.
ledger_prepare() {
	_l=$1/aiob-sources _w=$3
	_bt=$(git -C "$src" rev-parse "${ledger_base:-base}^{tree}")
	: >"$_w/listed"
	if [ -r "$_l" ]; then
		if [ "$(sed -n 's/^base_tree //p' "$_l")" != "$_bt" ]; then
			say "${1#$TOP/} was built from another base tree: emptying it (full build)"
			find "$1" -mindepth 1 -maxdepth 1 ! -name .config -exec rm -rf {} +
		else
			awk '$1 == "file" { print $2, $3 }' "$_l" >"$_w/listed"
		fi
	elif [ -e "$1/vmlinux" ] || [ -e "$1/fs/aio.o" ]; then
		# A build dir from before the ledger: any scheme branch may
		# have left objects; recompile every file any of them changes.
		say "${1#$TOP/} has no source ledger: recompiling every file a scheme changes"
		git -C "$src" for-each-ref --format='%(objectname)' refs/heads/aio refs/heads/aio-mutant |
			while read -r c; do git -C "$src" diff --name-only "${ledger_base:-base}" "$c"; done |
			sort -u | sed 's/$/ pending/' >"$_w/listed"
	fi
	# Candidates: listed files and files the commit changes from base.
	{ cut -d' ' -f1 "$_w/listed"; git -C "$src" diff --name-only "${ledger_base:-base}" "$2"; } |
		sort -u >"$_w/paths"
	blobs "$2" "$_w/paths" >"$_w/want"
	blobs "${ledger_base:-base}" "$_w/paths" >"$_w/base"
	# changed: the object's source (ledger, else base) is not the commit's.
	awk 'FILENAME ~ /listed$/ { led[$1] = $2; next }
	     FILENAME ~ /base$/ { if (!($1 in led)) led[$1] = $2; next }
	     led[$1] != $2 { print $1 }' \
		"$_w/listed" "$_w/base" "$_w/want" >"$_w/changed"
	# Files that equal base drop out of the ledger; the rest are listed,
	# the changed ones as pending until the build succeeds.
	{
		echo "base_tree $_bt"
		awk 'FILENAME ~ /changed$/ { ch[$1] = 1; next }
		     FILENAME ~ /base$/ { b[$1] = $2; next }
		     ($1 in ch) { print "file", $1, "pending"; next }
		     b[$1] != $2 { print "file", $1, $2 }' \
			"$_w/changed" "$_w/base" "$_w/want"
	} >"$_l.tmp"
	mv "$_l.tmp" "$_l"
	awk 'FILENAME ~ /changed$/ { ch[$1] = 1; next } ($1 in ch) && $2 != "absent" { print $1 }' \
		"$_w/changed" "$_w/want" | (cd "$src" && xargs -r -d '\n' touch --)
	# A file the commit does not have: its object (left by a tree that
	# had it) is never rebuilt nor linked; remove it, so that nothing
	# mistakes it for this build's.
	awk 'FILENAME ~ /changed$/ { ch[$1] = 1; next } ($1 in ch) && $2 == "absent" { print $1 }' \
		"$_w/changed" "$_w/want" | sed -n 's/\.[cS]$//p' | while IFS= read -r _o; do
			rm -f "$1/$_o.o" "$1/$(dirname "$_o")/.$(basename "$_o").o.cmd"
		done
}

# ledger_verify <bdir> <workdir> <stamp>: prints each changed C or
# assembler file's object that exists but was not recompiled by this build
# (not newer than <stamp>, a file made just before `make`).
ledger_verify() {
	sed -n 's/\.[cS]$/.o/p' "$2/changed" | while IFS= read -r o; do
		[ ! -e "$1/$o" ] || [ -n "$(find "$1/$o" -newer "$3")" ] || echo "$o"
	done
}

# ledger_commit <bdir> <workdir>: the build succeeded: pending -> blobs.
ledger_commit() {
	_l=$1/aiob-sources
	{
		sed -n '/^base_tree /p' "$_l"
		awk 'FILENAME ~ /base$/ { b[$1] = $2; next } b[$1] != $2 { print "file", $1, $2 }' \
			"$2/base" "$2/want"
	} >"$_l.tmp"
	mv "$_l.tmp" "$_l"
}
