#!/bin/sh
# tier: quick
# make scorecard: from synthetic bench records (icount and wall cells),
# a profile run (metrics.tsv, kernels/*.info), a machine profile
# (costs.tsv) and check records, plus the real variants/: every section's
# rows with the numbers worked out by hand, the refusal of a profile or
# check kernel that is not the bench run's, a missing input naming its
# command, the Markdown, and no text line over 72 columns.
. "$(dirname "$0")/lib.sh"
S=$TOP/report/synth.sh
CKR=$TOP/build/host/ck-report
[ -x "$CMP" ] && [ -x "$REC" ] || fail "no $CMP, $REC (make host-san)"
[ -x "$CKR" ] || fail "no $CKR (make tools)"
export AIOB_REC=$REC AIOB_CKREPORT=$CKR

R=$T/run
mkdir -p "$R"
export SYNTH_TREE=tree0
{
	$S two-refs rd/mode=icount/device=nullb 1000 1000 1000
	$S single-ref rd/mode=icount/device=nullb 990 990 990
	$S refcount-free rd/mode=icount/device=nullb 950 950 950
	$S two-refs rd/mode=wall/device=nullb 1000 1010 990 1005 995 1002
	$S single-ref rd/mode=wall/device=nullb 980 990 985 975 982 988
	$S refcount-free rd/mode=wall/device=nullb 950 960 955 945 958 952
} >"$R/records.jsonl"

# profile: read-qd1 (one vCPU), poll-xcpu (two: line transfers)
P=$T/profile-1
mkdir -p "$P/kernels"
tab() { printf '%s\n' "$@" | tr ' ' '\t'; }
tab 'two-refs read-qd1 insns 5000' 'two-refs read-qd1 atomics 3' \
	'single-ref read-qd1 insns 4900' 'single-ref read-qd1 atomics 3' \
	'refcount-free read-qd1 insns 4800' 'refcount-free read-qd1 atomics 1' \
	'two-refs poll-xcpu insns 8000' 'two-refs poll-xcpu atomics 4' \
	'two-refs poll-xcpu xfers 4' 'single-ref poll-xcpu insns 8000' \
	'single-ref poll-xcpu atomics 4' 'single-ref poll-xcpu xfers 3.5' \
	'refcount-free poll-xcpu insns 7000' 'refcount-free poll-xcpu atomics 2' \
	'refcount-free poll-xcpu xfers 2' >"$P/metrics.tsv"
info() { printf 'kname=%s\nscheme=%s\ncommit=0123456789abcdef\ntree=%s\nconfig=bench\nconfig_sha=%s\n' \
	"$1" "$1" "$2" "$3" >"$P/kernels/$1.info"; }
info two-refs tree0 feed
info single-ref tree0 feed
info refcount-free tree0 feed

C=$T/calib
mkdir -p "$C"
printf '# machine\ttesthost\tTest CPU\t2026-01-01T00:00:00Z\n' >"$C/costs.tsv"
tab 'insn - 0.5 0.1 20' 'atomic - 5 1 20' 'xfer smt 20 2 200' >>"$C/costs.tsv"

# check: two-refs 2 boots ok; single-ref 1 ok, 1 FAILED; mutants: one
# caught at 5 + 10 + 3 = 18 s, one at 2 + 7 = 9 s, one survived
K=$T/check-1
mkdir -p "$K"
ck() {	# ck kname rep boot_start program verdict seconds [detect]
	s=${1%%--*} m=
	case $1 in *--*) m=${1#*--} ;; esac
	printf '{"run_id":"check-1","kname":"%s","scheme":"%s","mutant":"%s","rep":%s,' "$1" "$s" "$m" "$2"
	printf '"boot_dir":"boots/%s.%s","boot_seconds":60,"boot_start_s":%s,' "$1" "$2" "$3"
	printf '"kernel":{"tree":"%s","config":"debug","config_sha":"dbg"},' "${CK_TREE:-tree0}"
	printf '"workload":"check","params":{"program":"%s"},' "$4"
	printf '"check":{"verdict":"%s","reason":"%s","seconds":%s%s}}\n' "$5" \
		"$([ "$5" = pass ] || echo 'kernel: BUG: KASAN: use-after-free')" "$6" "${7:+,\"detect_s\":$7}"
}
# what must catch each mutant (ck-report -V; the real variants/ has no m1..m3)
for m in two-refs/m1:ck-b two-refs/m2:ck-a single-ref/m3:ck-a; do
	mkdir -p "$T/variants/${m%%/*}/mutants"
	printf 'Subject: m\n\nCaught-by: %s kernel KASAN: use-after-free\n---\n' "${m#*:}" \
		>"$T/variants/${m%%:*}.patch.tmp"
	mv "$T/variants/${m%%:*}.patch.tmp" "$T/variants/${m%%/*}/mutants/$(basename "${m%%:*}").patch"
done
export AIOB_CK_VARIANTS=$T/variants
{
	for r in 1 2; do
		ck two-refs $r 5 ck-a pass 10
		ck two-refs $r 5 ck-b pass 20
	done
	ck single-ref 1 5 ck-a pass 10
	ck single-ref 1 5 ck-b pass 20
	ck single-ref 2 5 ck-a pass 10
	ck single-ref 2 5 ck-b FAIL 20
	ck two-refs--m1 1 5 ck-a pass 10
	ck two-refs--m1 1 5 ck-b FAIL 20 3
	ck two-refs--m2 1 2 ck-a FAIL 7
	ck single-ref--m3 1 5 ck-a pass 10
	ck single-ref--m3 1 5 ck-b pass 20
} >"$K/records.jsonl"

make -s -C "$TOP" scorecard REPORT_CMP="$CMP" RUN="$R" PROFILE_RUN="$P" \
	CHECK_RUN="$K" CALIB_RUN="$C" >"$T/out" 2>&1 || fail "make scorecard: $(cat "$T/out")"
cat "$T/out"
[ -s "$R/scorecard.txt" ] && [ -s "$R/scorecard.md" ] || fail "no scorecard.txt/.md in $R"
cmp -s "$T/out" "$R/scorecard.txt" || fail "stdout is not scorecard.txt"

# row <file> <label>: the row's cells (after the label), blanks as "_";
# each cell ends where its column's head (the schemes' line above) ends
row() { awk -v l="$2" '/^ +two-refs +single-ref +refcount-free$/ { h = $0 }
	index($0, l) == 1 && h != "" { p = length(l); n = split("two-refs single-ref refcount-free", s, " ")
		for (i = 1; i <= n; i++) { e = index(h, " " s[i]) + length(s[i])
			c = substr($0, p + 1, e - p); gsub(/^ +| +$/, "", c)
			printf "%s%s", (i > 1 ? "|" : ""), (c == "" ? "_" : c); p = e }
		exit }' "$1"; }
o=$R/scorecard.txt
expect_eq "header" "$(sed -n '/== performance/,/rd icount/p' "$o" | tail -n 2 | head -n 1 | tr -s ' ')" \
	" two-refs single-ref refcount-free"
expect_eq "icount" "$(row "$o" "rd icount")" "1000|-10 -1.00%d|-50 -5.00%d"
# wall: means 1000.33 (two-refs), 983.33 (single-ref): -1.70 %
expect_match "wall" "$(row "$o" "rd wall ns/IO")" '^1000 n6\|-1\.7%\**[?]? n6\|-4\.[67]%'
ci=$(row "$o" "rd wall CI %" | cut -d'|' -f2)
mde=$(row "$o" "rd wall MDE %" | cut -d'|' -f2)
expect_match "wall CI" "$ci" '^-[0-9.]+\.\.-[0-9.]+$'
expect_eq "MDE = CI half-width" "$mde" "$(echo "$ci" | awk -F'\\.\\.' '{ printf "%.1f", ($2 - $1) / 2 }')"
expect_eq "profile atomics" "$(row "$o" "read-qd1 atomics/IO")" "3.00|+0.00|-2.00"
expect_eq "profile atomics xcpu" "$(row "$o" "poll-xcpu atomics/IO")" "4.00|+0.00|-2.00"
expect_eq "profile xfers" "$(row "$o" "poll-xcpu xfers/IO")" "4.00|-0.50|-2.00"
grep -q "read-qd1 xfers" "$o" && fail "xfers row for a one-vCPU cell"
# predicted: 0.5 ns/insn, 5 ns/atomic, 20 ns/xfer; +- in quadrature
expect_eq "predicted read-qd1" "$(row "$o" "read-qd1 dns")" "_|-50.0+-10.0|-110.0+-20.1"
expect_eq "predicted poll-xcpu" "$(row "$o" "poll-xcpu dns")" "_|-10.0+-1.0|-550.0+-100.1"
expect_eq "boots (debug)" "$(row "$o" "boots passed (debug)")" "2/2|1/2|_"
expect_eq "mutants" "$(row "$o" "mutants caught")" "2/2|0/1|_"
expect_eq "slowest catch" "$(row "$o" "slowest catch")" "18s|_|_"
grep -q "KCSAN" "$o" || fail "no word on KCSAN"
# complexity: the real variants/
np=$(ls "$TOP"/variants/single-ref/*.patch | wc -l)
expect_eq "patches" "$(row "$o" "patches" | cut -d'|' -f1,2)" "0|$np"
add=$(cat "$TOP"/variants/refcount-free/*.patch | awk '/^diff --git/ { b = 1 } /^-- $/ { b = 0 }
	b && /^\+/ && !/^\+\+\+ / { n++ } END { print n }')
expect_match "lines" "$(row "$o" "lines +/-" | cut -d'|' -f3)" "^\\+$add/-[0-9]+\$"
expect_eq "temporary refs" "$(row "$o" "temporary refs")" \
	"$(for s in two-refs single-ref refcount-free; do sed -n 's/.*scorecard: temp_refs=\([0-9]*\).*/\1/p' \
		"$TOP/variants/$s/LIFETIME.md"; done | paste -sd'|')"
p2=$(awk -F'\t' '$1 == "read-qd1" && $2 == "aio_atomics" { print $3 }' "$TOP/variants/two-refs/predicted.tsv")
pr=$(awk -F'\t' '$1 == "read-qd1" && $2 == "aio_atomics" { print $3 }' "$TOP/variants/refcount-free/predicted.tsv")
expect_eq "atomics per path" "$(row "$o" "read-qd1 atomics " | cut -d'|' -f1,3)" \
	"$p2|$(printf '%+d' $((pr - p2)))"
grep -q "REFUSED" "$o" && fail "refused although every kernel matches"
w=$(awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }' "$o")
[ "$w" -le 72 ] || fail "a line of $w columns: $(awk 'length > 72' "$o")"
grep -q '^| rd icount | 1000 | -10 -1.00%d | -50 -5.00%d |$' "$R/scorecard.md" ||
	fail "Markdown row: $(grep 'rd icount' "$R/scorecard.md")"

# other kernels: the profile's refcount-free (config), the check run's
# base (tree) -> refused, blanks
info refcount-free tree0 other
CK_TREE=tree9
sed 's/"tree":"tree0"/"tree":"tree9"/' "$K/records.jsonl" >"$K/r" && mv "$K/r" "$K/records.jsonl"
AIOB_CMP=$CMP "$TOP/report/scorecard.sh" -p "$P" -k "$K" -c "$C" "$R" >"$T/o2" 2>&1 ||
	fail "scorecard.sh: $(cat "$T/o2")"
grep -q "REFUSED: refcount-free: config other" "$T/o2" || fail "no profile refusal: $(cat "$T/o2")"
expect_eq "refused profile cells blank" "$(row "$T/o2" "read-qd1 atomics/IO")" "3.00|+0.00|_"
expect_eq "refused predicted blank" "$(row "$T/o2" "read-qd1 dns")" "_|-50.0+-10.0|_"
grep -q "REFUSED: two-refs: source tree tree9" "$T/o2" || fail "no check refusal: $(cat "$T/o2")"
grep -q "mutants caught" "$T/o2" && fail "check rows of a refused base kernel shown"

# a bench run of two kernels under one scheme says so
SYNTH_TREE=tree1 $S single-ref other/mode=icount/device=nullb 5 5 >>"$R/records.jsonl"
SYNTH_TREE=tree0 $S two-refs other/mode=icount/device=nullb 5 5 >>"$R/records.jsonl"
AIOB_CMP=$CMP "$TOP/report/scorecard.sh" -p "$P" -k "$K" -c "$C" "$R" >"$T/o4" 2>&1 ||
	fail "scorecard.sh: $(cat "$T/o4")"
grep -q "single-ref: the run holds 2 kernels" "$T/o4" || fail "mixed kernels: $(cat "$T/o4")"
grep -q "two-refs: the run holds" "$T/o4" && fail "two-refs has one kernel: $(cat "$T/o4")"

# missing inputs name their command
AIOB_CMP=$CMP "$TOP/report/scorecard.sh" -p "$T/none" -k "$T/none" -c "$T/none" "$R" >"$T/o3" ||
	fail "scorecard.sh without profile/check"
grep -q "no profile run (make profile)" "$T/o3" || fail "missing profile: $(cat "$T/o3")"
grep -q "no check run (make check-lifetime)" "$T/o3" || fail "missing check: $(cat "$T/o3")"
exit 0
