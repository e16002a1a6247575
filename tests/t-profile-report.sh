#!/bin/sh
# profile/report.sh on made-up profiles (no boot): per-I/O tables, the
# diff against two-refs sorted by |delta| with clone names matched, 72
# columns, and predictions: a right one passes, a wrong one fails the
# check, a scheme without predicted.tsv is "no prediction".
. "$(dirname "$0")/lib.sh"
[ -x "$REC" ] || fail "no $REC (make tools)"
run=t-profile-report-$$
R=$AIOB_RESULTS/$run
trap 'rm -rf "$T" "$R"' EXIT
mkdir -p "$R/aio" "$R/read-qd1"
hdr='# aiob-prof 1
# windows	1	1	0
# open	0'
# scheme <name> <profile lines...>: a boot of 1000 I/Os of cell $cell
# with that profile
cell=read-qd1
scheme() {
	s=$1; shift
	b=$R/$cell/boots/$s
	mkdir -p "$b"
	{ echo "$hdr"; printf '%s\n' "$@"; } >"$b/profile.tsv"
	printf 'AIOB-BEGIN 1\nuname x\nR {"workload":"aio-rw","metrics":{"ops":1000}}\nstatus 0\nAIOB-END\n' >"$b/result.txt"
	"$REC" append -o "$R/$cell/records.jsonl" -r "$b/result.txt" -s "scheme=$s" \
		-s job=$cell -s "boot_dir=boots/$s" ||
		fail "aiob-rec append failed"
}
t=$(printf '\t')
scheme two-refs \
	"io_submit_one${t}ffffffff81000100${t}100000${t}3000${t}20000${t}30000${t}1000${t}0${t}0${t}3000" \
	"aio_complete${t}ffffffff81000200${t}50000${t}1000${t}9000${t}9000${t}1000${t}1000${t}0${t}0" \
	"_raw_spin_lock_irqsave${t}ffffffff81000900${t}10000${t}1000${t}4000${t}3000${t}1000${t}0${t}0${t}1000" \
	"sbitmap_get${t}ffffffff81000a00${t}92000${t}0${t}27000${t}13000${t}1000${t}0${t}0${t}0"
scheme fake \
	"io_submit_one.constprop.0${t}ffffffff81000100${t}80000${t}1000${t}18000${t}28000${t}1000${t}0${t}0${t}1000" \
	"aio_complete${t}ffffffff81000200${t}55000${t}1000${t}10000${t}9000${t}1000${t}1000${t}0${t}0" \
	"_raw_spin_lock_irqsave${t}ffffffff81000900${t}20000${t}2000${t}8000${t}6000${t}2000${t}0${t}0${t}2000" \
	"sbitmap_get${t}ffffffff81000a00${t}92000${t}0${t}27000${t}13000${t}1000${t}0${t}0${t}0"
scheme other "io_submit_one${t}ffffffff81000100${t}100000${t}3000${t}20000${t}30000${t}1000${t}0${t}0${t}3000"
# A 2-vCPU cell: transfer columns (11-13), the moved lines (lines.tsv).
cell=poll-write-xcpu
scheme two-refs \
	"aio_complete${t}ffffffff81000200${t}50000${t}1000${t}9000${t}9000${t}1000${t}1000${t}0${t}0${t}2000${t}1000${t}1000" \
	"io_submit_one${t}ffffffff81000100${t}100000${t}3000${t}20000${t}30000${t}1000${t}3000${t}0${t}0${t}0${t}500${t}500"
printf '# aiob-prof-lines 1\n# lines\t2\t0\n# paddr\tclass\txfers\treads\twrites\tatomics\tkvaddr\tuvaddr\tfuncs\n%s\n%s\n' \
	"1000${t}kernel${t}2000${t}1000${t}1000${t}500${t}ffff888000001000${t}0${t}aio_complete:1500,io_submit_one:500" \
	"2000${t}ring${t}1000${t}1000${t}0${t}0${t}ffff888000002000${t}7f0000000000${t}aio_complete:1000" \
	>"$R/$cell/boots/two-refs/lines.tsv"
scheme fake \
	"aio_complete${t}ffffffff81000200${t}50000${t}1000${t}9000${t}9000${t}1000${t}1000${t}0${t}0${t}1000${t}500${t}500" \
	"io_submit_one${t}ffffffff81000100${t}99000${t}3000${t}20000${t}30000${t}1000${t}3000${t}0${t}0${t}0${t}500${t}500"
for s in two-refs fake other; do
	printf 'ffffffff81000100\tio_submit_one\nffffffff81000200\taio_complete\n' >"$R/aio/$s.tsv"
done
mkdir -p "$T/v/fake" "$T/v/other" "$T/v/two-refs"
printf '# made up\nread-qd1\taio_atomics\t2\tsubmit 1, complete 1\nread-qd1\tspin_lock_calls_delta\t1.1\tone more lock\n' \
	>"$T/v/fake/predicted.tsv"
printf 'read-qd1\taio_atomics\t4\t\npoll-ready\taio_atomics\t1\tnot profiled here\n' \
	>"$T/v/two-refs/predicted.tsv"

PROFILE_VARIANTS=$T/v "$TOP/profile/report.sh" -c "$R" >"$T/out" 2>&1 ||
	fail "report -c failed on right predictions: $(tail -n 20 "$T/out")"
D=$R/read-qd1/diff/fake.tsv
[ -r "$D" ] || fail "no $D"
expect_eq "diff order" "$(sed 1d "$D" | cut -f1 | paste -sd' ')" "io_submit_one _raw_spin_lock_irqsave aio_complete"
expect_eq "io_submit_one delta" "$(sed -n 2p "$D" | cut -f4,5)" "-20.0000${t}-2.0000"
expect_eq "fake aio_atomics" "$(awk -F'\t' '$1 == "fake" && $2 == "read-qd1" && $3 == "aio_atomics" { print $4 }' "$R/metrics.tsv")" 2.0000
expect_eq "verdicts" "$(sed 1d "$R/predictions.tsv" | cut -f1,3,7 | tr '\t\n' ' ')" \
	"fake aio_atomics ok fake spin_lock_calls_delta ok two-refs aio_atomics ok two-refs aio_atomics n/a "
expect_eq "xcpu xfers" "$(awk -F'\t' '$1 == "fake" && $2 == "poll-write-xcpu" && $3 == "xfers" { print $4 }' "$R/metrics.tsv")" 2.0000
expect_eq "xcpu xfer_atomics" "$(awk -F'\t' '$1 == "two-refs" && $2 == "poll-write-xcpu" && $3 == "xfer_atomics" { print $4 }' "$R/metrics.tsv")" 1.5000
X=$R/poll-write-xcpu/diff/fake.tsv
expect_eq "xcpu diff order (by |d xfers|)" "$(sed 1d "$X" | cut -f1 | paste -sd' ')" "aio_complete io_submit_one"
expect_eq "xcpu aio_complete d_xfers" "$(sed -n 2p "$X" | cut -f10,11)" "-1.5000${t}-0.5000"
grep -q '^\*aio_complete  *50.00  *+0.00  *+0.00  *-1.50  *-0.50' "$R/report.txt" ||
	fail "no aio_complete transfer row in the report: $(cat "$R/report.txt")"
expect_eq "ring class" "$(awk -F'\t' '$1 == "class" && $2 == "ring" { print $3 }' "$R/poll-write-xcpu/lines/two-refs.tsv")" 1.0000
grep -q '^kernel *2.00 *1 aio_complete+io_submit_one$' "$R/report.txt" ||
	fail "no group of moved lines in the report"
expect_eq "line row" "$(awk -F'\t' '$1 == "line" { print $2, $4, $10 }' "$R/poll-write-xcpu/lines/two-refs.tsv" | head -n 1)" \
	"1000 2.0000 aio_complete:1.500,io_submit_one:0.500"
grep -q 'no prediction: other' "$R/report.txt" || fail "no 'no prediction: other' in the report"
wide=$(awk 'length($0) > 72' "$R/report.txt")
[ -z "$wide" ] || fail "report lines over 72 columns: $wide"
grep -q '^\*io_submit_one  *100.00  *-20.00  *-2.00' "$R/report.txt" ||
	fail "no io_submit_one diff row in the report: $(cat "$R/report.txt")"
[ -s "$R/read-qd1-delta.png" ] && [ -s "$R/read-qd1-delta.svg" ] || fail "no chart"

# A wrong prediction fails the check, and says so.
printf 'read-qd1\taio_atomics\t3\twrong\n' >"$T/v/fake/predicted.tsv"
if PROFILE_VARIANTS=$T/v "$TOP/profile/report.sh" -c "$R" >"$T/out" 2>&1; then
	fail "report -c passed a wrong prediction"
fi
expect_eq "wrong verdict" "$(awk -F'\t' '$1 == "fake" { print $5, $6, $7 }' "$R/predictions.tsv")" "2.00 -1.00 FAIL"
grep -q 'disagree' "$R/report.txt" || fail "the report does not say a prediction disagrees"
echo "report ok: $(wc -l <"$R/report.txt") lines"

# BASE: with the run's reference set to fake, the diffs are against fake
echo fake >"$R/base"
PROFILE_VARIANTS=$T/v "$TOP/profile/report.sh" "$R" >"$T/out" 2>&1 || true
[ -r "$R/read-qd1/diff/two-refs.tsv" ] && [ ! -e "$R/read-qd1/diff/fake.tsv" ] ||
	fail "base=fake: diffs are not against fake: $(ls "$R/read-qd1/diff")"
expect_eq "base=fake: io_submit_one delta" "$(awk -F'\t' '$1 == "io_submit_one" { print $4, $5 }' "$R/read-qd1/diff/two-refs.tsv")" "+20.0000 +2.0000"
grep -q 'read-qd1: two-refs - fake' "$R/report.txt" || fail "the report does not name the reference fake"
