# kernels/kbuild.sh - the steps of building one bench or debug kernel out
# of tree, shared by kernels/build.sh (scheme branches in kernels/src) and
# bisect/step.sh (any commit of any tree); sourced, with kernels/ledger.sh.
# shellcheck shell=sh
#
# The caller sets $src (the work tree, holding the commit to build) and
# $ledger_base (the ledger's reference revision, default the tag base).
# Functions return non-zero after saying why; the caller decides whether
# that is fatal (build.sh) or a skipped commit (bisect).

kb_err() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; }

# kb_frags <cfg>: the fragment files of a config: bench.config, then for
# another config <cfg>.config after the fragments its "# base: <config>"
# line names (kcsan: bench, debug, kcsan); a later fragment's value of an
# option wins.
kb_frags() {
	_cd=${KCONFIGS:-$TOP/kernels/configs}	# tests point this elsewhere
	_f= _c=$1
	while [ "$_c" != bench ]; do
		[ -r "$_cd/$_c.config" ] || { kb_err "no config fragment $_cd/$_c.config"; return 1; }
		_f="$_cd/$_c.config $_f"
		_b=$(sed -n 's/^# base: *//p' "$_cd/$_c.config")
		[ -n "$_b" ] && [ "$_b" != "$_c" ] || break
		_c=$_b
	done
	[ -r "$_cd/bench.config" ] || { kb_err "no config fragment $_cd/bench.config"; return 1; }
	echo "$_cd/bench.config" $_f
}

# kb_config <scratch> <kname> <frags>: tinyconfig (allnoconfig + tiny.config)
# + the fragments + LOCALVERSION=-<kname> -> <scratch>/.config.  Sets
# $kb_missing to the requested options the final .config lacks
# (merge_config.sh only warns about them; callers refuse).
kb_config() {
	kb_missing=
	mkdir -p "$1"
	printf 'CONFIG_LOCALVERSION="-%s"\n' "$2" >"$1/localversion.config"
	(cd "$src" && KCONFIG_CONFIG="$1/.config" ./scripts/kconfig/merge_config.sh -n \
		-O "$1" kernel/configs/tiny.config arch/x86/configs/tiny.config \
		$3 "$1/localversion.config") >"$1/merge.log" 2>&1 ||
		{ tail -n 20 "$1/merge.log" >&2; kb_err "merge_config.sh failed"; return 1; }
	# An option set by several fragments: the last one's value counts.
	kb_missing=$(cat $3 "$1/localversion.config" | sed -n \
		-e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(.*\)$/\1=\2/p' \
		-e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1=n/p' |
		awk -F= '{ v[$1] = $0; if (!($1 in o)) o[$1] = ++n; k[o[$1]] = $1 }
			END { for (i = 1; i <= n; i++) print v[k[i]] }' |
		while IFS= read -r want; do
			sym=${want%%=*} val=${want#*=}
			have=$(grep -E "^$sym=|^# $sym is not set" "$1/.config" | head -n1)
			case $have in "$sym=$val") ;; "# $sym is not set") [ "$val" = n ] || echo "$want" ;;
				*) [ "$val" = n ] && [ -z "$have" ] || echo "$want (got: ${have:-absent})" ;; esac
		done)
}

# kb_make <bdir> <commit> <scratch> <label>: build bzImage of <commit>
# (checked out in $src) in <bdir> with <scratch>/.config; $JOBS, ccache.
# Whatever the file times say, every file whose content differs from what
# <bdir>'s objects were compiled from is recompiled (kernels/ledger.sh),
# and checked after the build.  Sets $kb_seconds, $kb_release.  $kb_nice:
# a command prefix for make (bisect/lib.sh: "nice -n 10"), default none.
kb_make() {
	_cc=gcc
	command -v ccache >/dev/null && _cc="ccache gcc"
	export CCACHE_DIR="${CCACHE_DIR:-$TOP/kernels/ccache}"
	_w=$(mktemp -d)
	ledger_prepare "$1" "$2" "$_w"
	[ ! -s "$_w/changed" ] || [ ! -e "$1/vmlinux" ] ||
		say "$4: $(wc -l <"$_w/changed") file(s) differ from what ${1#$TOP/} was built from: $(head -n4 "$_w/changed" | paste -sd' ')"
	cmp -s "$3/.config" "$1/.config" || cp "$3/.config" "$1/.config"
	touch "$_w/stamp"
	say "$4: building $(git -C "$src" log -1 --format='%h %s' "$2") in $1"
	_t0=$(date +%s)
	# LOCALVERSION= (set, empty) keeps setlocalversion from appending "+".
	if ! ${kb_nice:-} make -C "$src" O="$1" CC="$_cc" LOCALVERSION= -j"${JOBS:-$(nproc)}" bzImage \
		>"$1/build.log" 2>&1; then
		grep -E 'error|Error' "$1/build.log" | head -n 20 >&2
		rm -rf "$_w"
		kb_err "$4: build failed, see $1/build.log"
		return 1
	fi
	_stale=$(ledger_verify "$1" "$_w" "$_w/stamp")
	[ -z "$_stale" ] || { rm -rf "$_w"
		kb_err "$4: not recompiled although their source changed: $_stale (remove ${1#$TOP/} and build again)"; return 1; }
	[ "$(git -C "$src" rev-parse HEAD)" = "$2" ] && git -C "$src" diff --quiet HEAD -- ||
		{ rm -rf "$_w"; kb_err "$4: $src changed during the build; build again"; return 1; }
	ledger_commit "$1" "$_w"
	rm -rf "$_w"
	kb_seconds=$(( $(date +%s) - _t0 ))
	kb_release=$(make -s -C "$src" O="$1" LOCALVERSION= kernelrelease)
}

# kb_install <bdir> <out> <kname> <cfg> <commit> <inputs> [info lines...]:
# the image: bzImage, System.map, config and info (what run.sh and the
# records read) -> <out>, replaced whole.
kb_install() {
	_b=$1 _o=$2 _k=$3 _c=$4 _cm=$5 _in=$6
	shift 6
	[ "$kb_release" = "$(make -s -C "$src" kernelversion)-$_k" ] ||
		{ kb_err "$_k-$_c: kernel release '$kb_release' does not name the kernel"; return 1; }
	rm -rf "$_o.tmp"; mkdir -p "$_o.tmp"
	cp "$_b/arch/x86/boot/bzImage" "$_b/System.map" "$_o.tmp/"
	cp "$_b/.config" "$_o.tmp/config"
	kb_module "$_b" "$_o.tmp" "$_k-$_c" || { rm -rf "$_o.tmp"; return 1; }
	{
		echo "kname=$_k"
		for _l in "$@"; do echo "$_l"; done
		echo "config=$_c"
		echo "release=$kb_release"
		echo "commit=$_cm"
		echo "tree=$(git -C "$src" rev-parse "$_cm^{tree}")"
		echo "config_sha=$(grep -v '^CONFIG_LOCALVERSION=' "$_b/.config" | sha256sum | cut -c1-16)"
		echo "compiler=$(gcc --version | head -n1)"
		echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
		echo "build_seconds=$kb_seconds"
		echo "inputs=$_in"
	} >"$_o.tmp/info"
	rm -rf "$_o"; mv "$_o.tmp" "$_o"
}

# kb_module <bdir> <dest> <label>: with CONFIG_MODULES (debug), the stall
# injector check/stall/aiob-stall.ko, built against <bdir> as this image
# left it, so its vermagic and struct layouts are the image's own; it
# travels with the image (bench/run-cell.sh puts it in the guest's
# /lib/modules/).  Sources are copied to <bdir>.mod: kbuild writes its
# objects next to them.
kb_module() {
	grep -qx 'CONFIG_MODULES=y' "$1/.config" || return 0
	_m="$1.mod"
	rm -rf "$_m"; mkdir -p "$_m"
	cp "$TOP"/check/stall/* "$_m/"
	# Top-level `modules` first: the linker script and Module.symvers
	# (the kernel's exports) an external module is linked against.
	if ! { ${kb_nice:-} make -C "$src" O="$1" CC="$_cc" LOCALVERSION= -j"${JOBS:-$(nproc)}" modules &&
		${kb_nice:-} make -C "$src" O="$1" M="$_m" CC="$_cc" LOCALVERSION= modules; } \
		>"$_m/build.log" 2>&1 || [ ! -r "$_m/aiob-stall.ko" ]; then
		grep -E 'error|Error|ERROR' "$_m/build.log" | head -n 20 >&2
		kb_err "$3: the stall injector did not build, see $_m/build.log"
		return 1
	fi
	cp "$_m/aiob-stall.ko" "$2/"
}

# kb_inputs <commit> <kname> <frags>: the hash of everything an image
# depends on (source tree, fragments, name, compiler; the stall
# injector's source when a fragment enables modules).  A fragment's
# "# aiob: ..." lines are not: they tell the scripts that boot the
# image how to treat it (check/check-lifetime.sh, cfg_says).
kb_inputs() {
	{ git -C "$src" rev-parse "$1^{tree}"; grep -hv '^# aiob:' $3; echo "$2"; gcc --version | head -n1
	  ! grep -qx 'CONFIG_MODULES=y' $3 || cat "$TOP"/check/stall/*; } |
		sha256sum | cut -c1-16
}

# kb_current <out> <inputs>: the image in <out> was built from exactly
# these inputs (kb_inputs), so there is nothing to build
kb_current() { [ -r "$1/info" ] && grep -qx "inputs=$2" "$1/info" && [ -r "$1/bzImage" ]; }
