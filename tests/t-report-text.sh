#!/bin/sh
# tier: quick
# make report: report.txt within 72 columns (also with many schemes and
# long cell names) with the header (kernels, machine, topology, mode),
# a table per workload with %change and CI per scheme, the controls,
# failures shown as failures; report.md with Markdown tables.
. "$(dirname "$0")/lib.sh"
S=$TOP/report/synth.sh
[ -x "$CMP" ] || fail "no $CMP (make host-san)"

R=$T/run
mkdir -p "$R"
{
	for q in 1 32; do
		$S two-refs aio-read/mode=icount/device=nullb/qd=$q 5000 5000
		$S single-ref aio-read/mode=icount/device=nullb/qd=$q 4900 4900
		$S refcount-free aio-read/mode=icount/device=nullb/qd=$q 5100 5100
	done
	SYNTH_WORKLOAD=aio-poll $S two-refs poll-ready/mode=icount/device=none 2000 2000
	SYNTH_WORKLOAD=aio-poll $S single-ref poll-ready/mode=icount/device=none FAIL FAIL
	SYNTH_WORKLOAD=aio-poll $S refcount-free poll-ready/mode=icount/device=none 1500 1500
	SYNTH_WORKLOAD=uring-rw $S two-refs uring-read/mode=icount/device=nullb 3000 3000
	SYNTH_WORKLOAD=uring-rw $S single-ref uring-read/mode=icount/device=nullb 3000 3000
	SYNTH_WORKLOAD=uring-rw $S refcount-free uring-read/mode=icount/device=nullb 3000 3000
} >"$R/records.jsonl"
make -s -C "$TOP" report REPORT_CMP="$CMP" RUN="$R" >"$T/out" 2>&1 || fail "make report: $(cat "$T/out")"
[ -s "$R/report.txt" ] && [ -s "$R/report.md" ] || fail "no report.txt/report.md"

# widest line in columns (UTF-8 continuation bytes take none)
width() { LC_ALL=C sed 's/[\x80-\xbf]//g' "$1" | awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }'; }
[ "$(width "$R/report.txt")" -le 72 ] || fail "report.txt is $(width "$R/report.txt") columns wide"
LC_ALL=C grep -q ' $' "$R/report.txt" && fail "trailing blanks in report.txt"
txt=$(cat "$R/report.txt")
expect_match "kernel" "$txt" '^kernel +single-ref: 6\.1\.192-single-ref, commit 0123456789ab, config$'
expect_match "host" "$txt" '^host +synth-host: Synthetic CPU'
expect_match "topology" "$txt" '^topology +1 package, 1 core, 1 pu, 1 numa'
expect_match "mode" "$txt" '^mode +icount: '
expect_match "workload table" "$txt" '^aio-read: aio-read icount nullb'
expect_match "row qd=1" "$txt" '^qd=1 +2 +5000\.0 .* -2\.00% +exact -100\.0 d +\+2\.00% +exact \+100\.0 d$'
expect_match "failed scheme" "$(grep -A4 '^aio-poll' "$R/report.txt")" 'FAILED +!2'
expect_match "failures listed" "$txt" '^single-ref poll-ready/mode=icount/device=none rep 2: job'
expect_match "controls ok" "$txt" '^control cells: 1, none moved beyond its noise and 1%'
expect_match "control row" "$(sed -n '/^controls:/,/^$/p' "$R/report.txt")" '\+0\.00% +exact +\+0 +ok'
md=$(cat "$R/report.md")
expect_match "md heading" "$md" '^## aio-read: aio-read icount nullb'
expect_match "md table" "$md" '^\| qd=32 \| 2 \| 5000\.0 \| ±0\.00% \| -2\.00% exact -100\.0 d \| \+2\.00% exact \+100\.0 d \|$'

# five schemes and a long cell name still fit: the table splits, the
# label gets a line of its own
for s in two-refs alpha-scheme beta-scheme gamma-scheme delta-scheme; do
	$S $s long-job-name/mode=wall/device=nvme/rw=randwrite/qd=128/opts=fixed,registered,polled/cpu=pu:0/irqmode=0/engine=libaio/batch=16 100 101 102 103
	$S $s long-job-name/mode=wall/device=nvme/rw=randwrite/qd=1/cpu=pu:0/irqmode=0/engine=libaio/batch=16 100 101 102 103
done >"$T/wide.jsonl"
"$CMP" report "$T/wide.jsonl" >"$T/wide.txt" || fail "report failed"
[ "$(width "$T/wide.txt")" -le 72 ] || fail "wide report is $(width "$T/wide.txt") columns"
expect_match "split" "$(grep -c 'delta-scheme' "$T/wide.txt")" '^[2-9]'
expect_match "long label" "$(cat "$T/wide.txt")" '^qd=128 opts=fixed,registered,polled$'

# 72 columns for any name, and with failures: scheme names of 40
# characters, a default-matrix cell that fails, a workload and a cell
# without a place to break
L=a-very-long-scheme-name-that-goes-on-and-on
W=a-workload-name-much-longer-than-anyone-would-type-but-someone-will
C=aio-read/mode=icount/device=nullb/rw=randread/qd=1/bs=4096/engine=libaio/cpu=pu:0/irqmode=0/queue_mode=2
{
	$S two-refs $C 5000 5001
	$S $L $C FAIL FAIL
	$S $L-too $C 4000 4001
	SYNTH_WORKLOAD=$W $S two-refs $W/mode=wall/device=nvme/opts=$W 100 101 102 103
	SYNTH_WORKLOAD=$W $S $L $W/mode=wall/device=nvme/opts=$W 90 91 92 93
	SYNTH_WORKLOAD=$W $S $L-too $W/mode=wall/device=nvme/opts=$W 90 91 92 93
} >"$T/names.jsonl"
"$CMP" report "$T/names.jsonl" >"$T/names.txt" || fail "report failed"
[ "$(width "$T/names.txt")" -le 72 ] || fail "long names: $(width "$T/names.txt") columns:
$(awk 'length($0) > 72' "$T/names.txt")"
expect_match "scheme legend" "$(cat "$T/names.txt")" "$L"
