#!/bin/sh
# tier: quick
# make plots: every plot as a valid PNG and SVG, fed with the right
# numbers; plots without data (no controls here) still come out, saying so.
. "$(dirname "$0")/lib.sh"
S=$TOP/report/synth.sh
command -v gnuplot >/dev/null || fail "no gnuplot (make deps)"
[ -x "$CMP" ] || fail "no $CMP (make host-san)"

R=$T/run
mkdir -p "$R"
{
	for q in 32 1 8; do
		$S two-refs aio-read/mode=icount/device=nullb/qd=$q 5000 5001
		$S single-ref aio-read/mode=icount/device=nullb/qd=$q 4900 4901
	done
	$S two-refs aio-read/mode=wall/device=nvme/qd=1 9000 9100 9050
	$S single-ref aio-read/mode=wall/device=nvme/qd=1 9000 9100 FAIL
} >"$R/records.jsonl"
make -s -C "$TOP" plots RUN="$R" >"$T/out" 2>&1 || fail "make plots: $(cat "$T/out")"
png_sig=$(printf '\211PNG\r\n\032\n' | od -An -tx1)
for p in iops-qd icount-ops latency controls; do
	f=$R/plots/$p
	[ -s "$f.png" ] || fail "no $p.png"
	[ "$(head -c 8 "$f.png" | od -An -tx1)" = "$png_sig" ] || fail "$p.png is not a PNG"
	[ -s "$f.svg" ] || fail "no $p.svg"
	grep -q '<svg' "$f.svg" && grep -q 'xmlns="http://www.w3.org/2000/svg"' "$f.svg" &&
		[ "$(grep -v "^$" "$f.svg" | tail -n 1)" = "</svg>" ] || fail "$p.svg has no svg root element"
done
# the data behind the plots: qd sorted, means of the ok reps only
D=$R/plots/data
expect_eq "iops by qd" "$(awk -F '\t' 'NF == 3 { print $1 }' "$D/iops.1.tsv" | head -n 3 | tr '\n' ' ')" "1 8 32 "
expect_match "icount bars" "$(grep 'qd=1	' "$D/icount.tsv")" 'qd=1	5000.5	6.353[0-9]*	4900.5	6.353[0-9]*$'
expect_eq "panels" "$(sed -n 's/^array ptitle.*= //p' "$D/iops.meta.gp")" '["nullb (icount)", "nvme (wall)"]'
grep -q 'single-ref	ns_per_op	2	1	9050	' "$R/plots/summary.tsv" || fail "summary: $(grep single-ref.ns_per_op "$R/plots/summary.tsv")"
expect_eq "no controls" "$(sed -n 's/^empty = //p' "$D/controls.meta.gp")" 1
grep -q 'no control cells' "$R/plots/controls.svg" || fail "controls.svg does not say why it is empty"
