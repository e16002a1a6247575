# bisect/lib.sh - what bisect/bisect.sh and bisect/step.sh share: build a
# commit's bench kernel, measure the cell in it, judge it; sourced.
# shellcheck shell=sh
#
# State lives in the bisect's results directory $bs (results/bisect-<id>/):
# env (the settings, sourced), matrix.conf (the cell and its control),
# good.kname, steps.tsv (one line per commit measured), unsatisfied (config
# fragments a commit could not satisfy), images (the images built).
. "$TOP/kernels/ledger.sh"
. "$TOP/kernels/kbuild.sh"

# bs_kname <commit>: the image name, b<the bisect's tag>-<commit10>:
# every commit's has the same length, so the kernel release string is the
# same size in every step, and two bisects of one commit (a test beside a
# user's run) never share or remove each other's image.
bs_kname() { echo "b$ktag-$(git -C "$src" rev-parse "$1" | cut -c1-10)"; }

# bs_image <commit>: kernels/images/<kname>-<cfg> of <commit>, which is
# checked out in $src, built in $src/.aiob-bisect-<cfg> (a direct child of
# the tree: kbuild then names the source "..", so the commands, the
# objects and ccache's entries do not depend on where the tree is, and the
# build dir is the bisect's own).  Returns 0 built (or up to date), 1 the
# build failed, 2 a requested config option cannot be satisfied at this
# commit (listed in $bs/unsatisfied).
bs_image() {
	_k=$(bs_kname "$1")
	_out=$TOP/kernels/images/$_k-$cfg
	_fr=$(kb_frags "$cfg") || return 1
	_in=$(kb_inputs "$1" "$_k" "$_fr")
	! kb_current "$_out" "$_in" || return 0
	[ "$(git -C "$src" rev-parse HEAD)" = "$(git -C "$src" rev-parse "$1")" ] ||
		{ kb_err "$1 is not checked out in $src"; return 1; }
	_bd=$src/.aiob-bisect-$cfg
	[ -e "$_bd" ] || [ -z "${BISECT_SEED:-}" ] || bs_seed "$BISECT_SEED" "$_bd" ||
		say "not seeded from $BISECT_SEED: a full build"
	mkdir -p "$_bd" "$TOP/kernels/build"
	# One kernel build at a time on this machine (kernels/build.sh too);
	# BISECT_NOLOCK=1: the build dir and tree are the bisect's own, so the
	# lock only shares the CPU -- build beside a locked build instead of
	# waiting for it, at nice 10 (kb_nice), yielding to it.
	exec 8>"$TOP/kernels/build/.lock"
	kb_nice=
	[ -z "${BISECT_NOLOCK:-}" ] || kb_nice="nice -n 10"
	[ -n "$kb_nice" ] || flock -n 8 ||
		{ say "waiting for kernels/build/.lock (another kernel build; BISECT_NOLOCK=1 builds beside it, niced)"; flock 8; }
	_rc=0
	if ! kb_config "$_bd.cfg" "$_k" "$_fr"; then
		_rc=1
	elif [ -n "$kb_missing" ]; then
		printf '%s\t%s\n' "$(git -C "$src" rev-parse --short=12 "$1")" \
			"$(echo $kb_missing)" >>"$bs/unsatisfied"
		say "$_k: the config fragments ask for what this commit cannot give: $(echo $kb_missing)"
		_rc=2
	elif ! kb_make "$_bd" "$(git -C "$src" rev-parse "$1")" "$_bd.cfg" "$_k-$cfg"; then
		_rc=1
	elif ! kb_install "$_bd" "$_out" "$_k" "$cfg" "$(git -C "$src" rev-parse "$1")" "$_in" \
		"scheme=$_k" "bisect=$id" "base=$good" "base_tree=$(git -C "$src" rev-parse "$good^{tree}")"; then
		_rc=1
	else
		echo "$_k-$cfg" >>"$bs/images"
		say "$_k: $kb_release built in $kb_seconds s"
	fi
	flock -u 8
	return $_rc
}

# bs_seed <build dir> <bdir>: start <bdir> as a copy of a build dir of
# the same base (BISECT_SEED=kernels/build/bench) instead of compiling
# every file.  Its commands name its source tree by absolute path: they
# are rewritten to "..", as kbuild names the source from <bdir>; every
# tracked file of $src is dated 2000-01-01, older than every object, and
# the copied ledger (kernels/ledger.sh) then has kbuild recompile exactly
# what differs from what the objects were compiled from.  So: a tree of
# your own (a scratch clone), never one you build elsewhere.
bs_seed() {
	[ -r "$1/aiob-sources" ] && [ -e "$1/vmlinux" ] && [ -L "$1/source" ] ||
		{ say "$1: no finished build with a source ledger"; return 1; }
	[ "$(sed -n 's/^base_tree //p' "$1/aiob-sources")" = "$(git -C "$src" rev-parse "$ledger_base^{tree}")" ] ||
		{ say "$1 was built from another base than GOOD"; return 1; }
	_abs=$(readlink "$1/source")
	set -- "$(cd "$1" && pwd -P)" "$2"	# the path its tools/ commands name
	say "seeding ${2#$TOP/} from $1 ($(du -sh "$1" | cut -f1)); dating the tree's files 2000-01-01"
	rm -rf "$2.tmp"
	cp -a "$1" "$2.tmp"
	rm -f "$2.tmp/source"
	# tools/ (objtool, which every object depends on) is built with
	# absolute paths: the new tree's and build dir's
	find "$2.tmp/tools" -type f -print0 | xargs -0 grep -lIZF -e "$_abs" -e "$1" |
		xargs -0 -r sed -i "s|$1|$2|g; s|$_abs|$src|g"
	find "$2.tmp" -path "$2.tmp/tools" -prune -o -type f -print0 | xargs -0 grep -lIZF "$_abs" |
		xargs -0 -r sed -i "s|$_abs/|../|g; s|$_abs|..|g"
	git -C "$src" ls-files -z | (cd "$src" && xargs -0 touch -h -d 2000-01-01T00:00:00Z --)
	mv "$2.tmp" "$2"
}

# bs_measure <commit>: boot the cell (and its control) $reps times in the
# commit's image; records in $bs/runs/<kname>/records.jsonl.  Returns
# run.sh's status; a boot that failed is a record with "ok": false.
bs_measure() {
	_k=$(bs_kname "$1")
	[ -s "$bs/runs/$_k/records.jsonl" ] && return 0
	AIOB_NO_LATEST=1 "$TOP/bench/run.sh" -m "$bs/matrix.conf" -r "$id/runs/$_k" -s "$_k" -c "$cfg"
}

# bs_value <kname>: the cell's mean $metric over the ok records of a run.
bs_value() {
	"$TOP/build/host/aiob-rec" tsv "$bs/runs/$1/records.jsonl" "cell,ok,metrics.$metric" |
		awk -F '\t' -v c="$cell" '$1 == c && $2 == "true" { s += $3; n++ }
			END { if (n) printf "%.3f\n", s / n }'
}

# bs_gate <commit>: the project's gate, the commit against GOOD:
# 0 not worse, 1 worse beyond $threshold %, 125 cannot tell (a control
# moved, too few reps, a possible regression).  Its lines go to
# $bs/gate/<kname>.txt.
bs_gate() {
	_k=$(bs_kname "$1") _g=$(cat "$bs/good.kname")
	mkdir -p "$bs/gate"
	_rc=0
	"$TOP/build/host/aiob-cmp" gate $gateopt -b "$_g" -n "$_k" -t "$threshold" -m "$metric" \
		"$bs/runs/$_g/records.jsonl" "$bs/runs/$_k/records.jsonl" >"$bs/gate/$_k.txt" 2>&1 || _rc=$?
	return $_rc
}

# bs_booted <kname>: every boot of the run delivered its cell's result.
bs_booted() {
	! "$TOP/build/host/aiob-rec" tsv "$bs/runs/$1/records.jsonl" ok | grep -qvx true
}
