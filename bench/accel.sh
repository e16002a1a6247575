#!/bin/sh
# bench/accel.sh - the QEMU accelerator for wall mode: KVM when a real boot
# under KVM works on this host, multi-threaded TCG otherwise.
#
# /dev/kvm existing proves nothing (nested setups fail at the first odd
# instruction and hang), so the probe boots a bench kernel with an empty
# job under KVM, through bench/run-cell.sh like every cell (ACCEL=kvm),
# and trusts it only if the guest reports back in time.
# The verdict is cached per host kernel and QEMU version in build/.
# ACCEL=kvm|tcg overrides.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

tcg="-accel tcg,thread=multi"
kvm="-accel kvm -cpu host"
case ${ACCEL:-} in kvm) echo "$kvm"; exit 0 ;; tcg) echo "$tcg"; exit 0 ;; esac
key="$(uname -r) $(qemu-system-x86_64 --version | head -n1)"
cache="$TOP/build/accel.probe"
if [ -r "$cache" ] && [ "$(sed -n 1p "$cache")" = "$key" ]; then
	sed -n 2p "$cache"
	exit 0
fi
verdict=$tcg
if [ -w /dev/kvm ]; then
	img=$(ls -d "$TOP"/kernels/images/*-bench 2>/dev/null | head -n1)
	if [ -n "$img" ] && [ -r "$TOP/build/initramfs.cpio" ]; then
		d=$(mktemp -d)
		mkdir -p "$d/job"
		printf '#!/bin/sh\ntrue\n' >"$d/job/run"
		chmod +x "$d/job/run"
		# the boot every cell gets (bench/run-cell.sh), with KVM forced
		kname=$(basename "$img" -bench)
		if ACCEL=kvm AIOB_PIN=0 QEMU_NVME=0 "$TOP/bench/run-cell.sh" -m wall \
			-k "$kname" -j "$d/job" -o "$d/out" -t 30 -p 1 >/dev/null 2>&1; then
			verdict=$kvm
		fi
		rm -rf "$d"
		say "KVM probe: $( [ "$verdict" = "$kvm" ] && echo works || echo 'does not work here, using TCG')"
	else
		# No kernel to probe with yet: do not cache an unproven answer.
		echo "$tcg"
		exit 0
	fi
fi
mkdir -p "$TOP/build"
printf '%s\n%s\n' "$key" "$verdict" >"$cache"
echo "$verdict"
