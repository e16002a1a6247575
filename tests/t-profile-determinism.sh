#!/bin/sh
# Two profiled boots of the read-qd1 cell give identical per-function
# counts inside the window (the whole profile, byte for byte), and the
# plugin does not perturb icount time: a boot without it measures the
# same ns/op.  Three boots of 2000 I/Os.
. "$(dirname "$0")/lib.sh"
img=$TOP/kernels/images/two-refs-bench
so=$TOP/build/profile/aiob-prof.so
[ -r "$img/bzImage" ] || fail "no $img (make kernels)"
[ -r "$so" ] || fail "no $so (make tools)"
awk '/^\[/ { on = ($0 == "[global]" || $0 == "[read-qd1]") } on' \
	"$TOP/profile/cells.conf" >"$T/m.conf"
printf 'ops = 2000\nwarmup = 200\n' >>"$T/m.conf"
"$TOP/profile/umap.sh" "$TOP/build/guest/aio-rw" >"$T/umap"
run=t-profile-determinism-$$
trap 'rm -rf "$T" "$AIOB_RESULTS/$run"-*' EXIT
# Separate runs, so the two jobs are the same bytes (a rep number differs).
for r in a b np; do
	plugin="$so,out=@OUT@/profile.tsv,map=@IMG@/System.map,umap=$T/umap"
	[ $r = np ] && plugin=
	AIOB_PLUGIN=$plugin QEMU_NVME=0 "$TOP/bench/run.sh" -m "$T/m.conf" \
		-r "$run-$r" -s two-refs >"$T/log" 2>&1 ||
		fail "run $r failed: $(tail -n 5 "$T/log")"
	expect_eq "run $r ok" "$(field "$AIOB_RESULTS/$run-$r" ok)" true
done
a=$(boot_path "$AIOB_RESULTS/$run-a" "$(field "$AIOB_RESULTS/$run-a" boot_dir)")/profile.tsv
b=$(boot_path "$AIOB_RESULTS/$run-b" "$(field "$AIOB_RESULTS/$run-b" boot_dir)")/profile.tsv
[ -s "$a" ] && [ -s "$b" ] || fail "missing profile.tsv"
grep -q '^io_submit_one' "$a" || fail "no io_submit_one in the profile"
n=$(grep -vc '^#' "$a")
[ "$n" -gt 100 ] || fail "only $n functions in the profile"
cmp -s "$a" "$b" || fail "profiles differ: $(diff "$a" "$b" | head -n 20)"
p=$(field "$AIOB_RESULTS/$run-a" metrics.ns_per_op)
expect_eq "ns/op of the two profiled runs" "$(field "$AIOB_RESULTS/$run-b" metrics.ns_per_op)" "$p"
expect_eq "ns/op with the plugin vs without" "$p" "$(field "$AIOB_RESULTS/$run-np" metrics.ns_per_op)"
echo "$n functions, identical; $(grep '^# total' "$a" | cut -f3) insns in the window; ns/op $p"
