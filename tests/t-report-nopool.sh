#!/bin/sh
# tier: quick
# No silent pooling: records of one cell from two runs that differ only in
# the guest image, in a matrix key outside the cell name (ops), in QEMU or
# in kernel arguments are refused with the field and both records named;
# records of one scheme from two kernels (source tree or config) too.
# Two builds of the same source (another commit id, same tree) pool.
. "$(dirname "$0")/lib.sh"
[ -x "$CMP" ] || fail "no $CMP (make tools)"
cell=poll/mode=icount/wake=ready
# run <dir> <jq filter applied to every record>: two schemes, 3 reps each
run() {
	mkdir -p "$T/$1"
	{ SYNTH_RUN=$1 "$TOP/report/synth.sh" two-refs "$cell" 1000 1001 1002
	  SYNTH_RUN=$1 "$TOP/report/synth.sh" single-ref "$cell" 990 991 992; } |
		jq -c '. + {cellspec: "bench=aio-poll/mode=icount/ops=20000/wake=ready",
			guest: {initramfs_sha: "aaaa"}, kargs: "x=1",
			kernel: {tree: (if .scheme == "two-refs" then "t1" else "t2" end),
				 config_sha: "c1", commit: "k1"}}' |
		jq -c "$2" >"$T/$1/records.jsonl"
	"$CMP" compare -b two-refs "$T/a" "$T/$1" >"$T/out" 2>&1
}
run a . || fail "the reference run does not compare with itself: $(cat "$T/out")"
run same '.kernel.commit = "k2"' || fail "same source, other commit id, not pooled: $(cat "$T/out")"
cp "$T/out" "$T/same.out"
expect_match "pooled: n=6" "$(cat "$T/same.out")" '^two-refs +6 '
# refused <what> <field regex> <jq filter>
refused() {
	if run "$1" "$3"; then fail "$1: pooled: $(cat "$T/out")"; fi
	expect_match "$1" "$(cat "$T/out")" "$2.*records.jsonl:[0-9]+.*not pooled"
	expect_match "$1 exit" "$(cat "$T/out")" "$T/$1/records.jsonl:1:"
}
refused image 'guest.initramfs_sha "bbbb" here, "aaaa" in' '.guest.initramfs_sha = "bbbb"'
refused ops 'cellspec ".*ops=5000.*" here' '.cellspec |= sub("ops=20000"; "ops=5000")'
refused qemu 'host.qemu "8.0" here' '.host.qemu = "8.0"'
refused kargs 'kargs "x=2" here' '.kargs = "x=2"'
refused kernel 'kernel.tree "t9" here, "t1" in' 'if .scheme == "two-refs" then .kernel.tree = "t9" else . end'
refused config 'kernel.config_sha "c2" here' '.kernel.config_sha = "c2"'
