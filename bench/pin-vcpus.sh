#!/bin/sh
# bench/pin-vcpus.sh - bind a running QEMU's vCPU threads to host PUs.
#
# usage: pin-vcpus.sh <qmp-socket>
#
# Asks QEMU (QMP query-cpus-fast) for each vCPU's thread id and binds the
# thread to one hwloc PU: vCPU i -> PU (i mod number of PUs), or the i-th
# entry of AIOB_VCPU_PUS ("1,0": vCPU 0 on PU 1, vCPU 1 on PU 0).  PUs are
# hwloc logical indexes (hwloc-calc), bound by their OS index (taskset).
# Then reads each thread's Cpus_allowed_list back from /proc and prints
#   vcpu_pus=0:0,1:1     vCPU:PU as asked (logical PU index)
#   vcpu_cpus=0:0,1:1    vCPU:the thread's allowed OS CPUs, as verified
#   vcpu_tids=0:123,1:124
# Exit 1 (naming the cause) when a thread cannot be bound or does not
# show the binding.  Under multi-threaded TCG and KVM every vCPU has its
# own thread; under icount they share one, which this refuses.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

[ $# -eq 1 ] || die "usage: $0 <qmp-socket>"
qmp=$TOP/build/host/aiob-qmp
[ -x "$qmp" ] || die "no $qmp (make tools)"
command -v hwloc-calc >/dev/null || die "no hwloc-calc (make deps: hwloc)"
cpus=$("$qmp" "$1" query-cpus-fast) || die "QMP query-cpus-fast failed"
pus=$(hwloc-calc -I pu all | tr ',' ' ')
npu=$(echo $pus | wc -w)
[ "$npu" -gt 0 ] || die "hwloc-calc sees no PU"
map=${AIOB_VCPU_PUS:-}
tids= asked= got=
for line in $cpus; do
	line=$(echo "$line" | sed 's/"props":{[^}]*}//')	# its thread-id is the core's
	i=$(echo "$line" | sed -n 's/.*"cpu-index":\([0-9]*\).*/\1/p')
	tid=$(echo "$line" | sed -n 's/.*"thread-id":\([0-9]*\).*/\1/p')
	[ -n "$i" ] && [ -n "$tid" ] || die "QMP: no cpu-index/thread-id in $line"
	case " $tids " in *":$tid "*) die "vCPUs share thread $tid (icount or single-threaded TCG): nothing to pin" ;; esac
	if [ -n "$map" ]; then
		pu=$(echo "$map" | cut -d, -f$((i + 1)))
		[ -n "$pu" ] || die "AIOB_VCPU_PUS=$map names no PU for vCPU $i"
	else
		pu=$(echo $pus | cut -d' ' -f$((i % npu + 1)))
	fi
	os=$(hwloc-calc --po -I pu "pu:$pu" 2>/dev/null) && [ -n "$os" ] ||
		die "no PU $pu on this host (hwloc-calc -I pu all: $(hwloc-calc -I pu all))"
	taskset -p -c "$os" "$tid" >/dev/null || die "cannot bind vCPU $i (thread $tid) to CPU $os"
	v=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "/proc/$tid/status")
	[ "$v" = "$os" ] || die "vCPU $i (thread $tid): Cpus_allowed_list '$v' after binding to $os"
	tids="${tids:+$tids,}$i:$tid" asked="${asked:+$asked,}$i:$pu" got="${got:+$got,}$i:$v"
done
[ -n "$tids" ] || die "QMP listed no vCPU"
printf 'vcpu_pus=%s\nvcpu_cpus=%s\nvcpu_tids=%s\n' "$asked" "$got" "$tids"
