#!/bin/sh
# report/scorecard.sh - one page per bench run: each scheme against BASE,
# side by side, performance, correctness and complexity, every section
# naming the run or file it came from.  No weighting, no total.
#
# usage: report/scorecard.sh [-b BASE] [-p PROFILE_RUN] [-c CALIB_DIR]
#                            [-k CHECK_RUN] [-o OUTDIR] RUN
#   RUN: a bench run directory (records via aiob-cmp / aiob-rec, the C
#   readers).  PROFILE_RUN defaults to the newest results/profile-*,
#   CALIB_DIR to results/calib-latest, CHECK_RUN to the newest
#   results/check-*.  Writes OUTDIR/scorecard.txt (72 columns) and
#   scorecard.md when -o is given; prints the text page.
#   A profile or check run whose kernel (source tree; profile: also the
#   config hash) differs from the bench run's for a scheme is not
#   combined: a "REFUSED" line says why and that scheme's cells stay
#   blank (the base's: the whole section).
#   Environment: AIOB_CMP, AIOB_REC, AIOB_CKREPORT, AIOB_TABLE (the tools;
#   aiob-table lays the page out, report/scorecard-doc.awk says what is on it).
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

base=two-refs prof= cdir= ck= out=
while getopts b:p:c:k:o: o; do
	case $o in
	b) base=$OPTARG ;; p) prof=$OPTARG ;; c) cdir=$OPTARG ;;
	k) ck=$OPTARG ;; o) out=$OPTARG ;;
	*) die "usage: $0 [-b BASE] [-p PROFILE] [-c CALIB] [-k CHECK] [-o DIR] RUN" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || die "usage: $0 [-b BASE] [-p PROFILE] [-c CALIB] [-k CHECK] [-o DIR] RUN"
run=${1%/}
CMP=${AIOB_CMP:-$TOP/build/host/aiob-cmp}
REC=${AIOB_REC:-$TOP/build/host/aiob-rec}
CKR=${AIOB_CKREPORT:-$TOP/build/host/ck-report}
TBL=${AIOB_TABLE:-$TOP/build/host/aiob-table}
for t in "$CMP" "$REC" "$CKR" "$TBL"; do
	[ -x "$t" ] || die "no $t (make tools)"
done
[ -e "$run" ] || die "no run $run (make, or RUN=<id>)"
newest() { ls -td "$AIOB_RESULTS"/$1/ 2>/dev/null | head -n 1 | sed 's,/$,,'; }
[ -n "$prof" ] || prof=$(newest 'profile-*')
[ -n "$ck" ] || ck=$(newest 'check-*')
if [ -z "$cdir" ]; then
	cdir=$AIOB_RESULTS/calib-latest
	[ -e "$cdir" ] || cdir=$(newest 'calib-*')
fi
# refused <ref file>: " scheme scheme ... " of scorecard-kern.awk's X lines
refused() { printf ' %s ' "$(awk -F'\t' '$1 == "X" { print $2 }' "$1" | tr '\n' ' ')"; }
rel() { echo "${1#"$TOP"/}"; }
W=$(mktemp -d "${TMPDIR:-/tmp}/scorecard.XXXXXX")
trap 'rm -rf "$W"' EXIT

# The bench run: per-cell comparisons and each scheme's kernel.
"$CMP" tsv -b "$base" "$run" >"$W/cmp.tsv" ||
	die "aiob-cmp tsv -b $base $(rel "$run") failed"
"$REC" tsv "$run" scheme,kernel.tree,kernel.config_sha,kernel.commit |
	sort -u >"$W/bench.kern"
schemes=$(awk -F'\t' -v b="$base" '!/^#/ && $13 != b && !s[$13]++ { printf " %s", $13 }' \
	"$W/cmp.tsv")
[ -n "$schemes" ] || die "$(rel "$run"): no scheme besides $base"

# Rows: S<TAB>sec<TAB>source | R<TAB>sec<TAB>label<TAB>scheme<TAB>value | N<TAB>sec<TAB>text
{
	printf 'H\t%s\t%s\t%s\n' "$(rel "$run")" "$base" "$base$schemes"
	printf 'S\tperformance\tbench run %s (aiob-cmp tsv)\n' "$(rel "$run")"
	awk -F"\t" -v base="$base" -f "$TOP/report/scorecard-bench.awk" "$W/cmp.tsv"
	awk -F'\t' '{ n[$1]++ } END { for (s in n) if (n[s] > 1) printf "N\tperformance\t" \
		"%s: the run holds %d kernels (tree, config, commit) of this scheme\n", s, n[s] }' \
		"$W/bench.kern"
	printf 'N\tperformance\t%s\n' "icount: guest instructions per I/O, exact (d); wall, host:\
 % change of the mean ns per I/O, * ** *** significant at 1 - 0.05/m with\
 its CI, MDE = the CI's half-width (smaller changes cannot show), nN reps\
 (report/README.md)"

	# profile: counts per I/O, and the predicted ns on the calibrated machine
	if [ -n "$prof" ] && [ -r "$prof/metrics.tsv" ]; then
		printf 'S\tprofile\tprofile run %s (metrics.tsv)\n' "$(rel "$prof")"
		for s in $base$schemes; do
			i=$prof/kernels/$s.info
			[ -r "$i" ] || continue
			printf '%s\t%s\t%s\t%s\n' "$s" "$(sed -n 's/^tree=//p' "$i")" \
				"$(sed -n 's/^config_sha=//p' "$i")" "$(sed -n 's/^commit=//p' "$i")"
		done >"$W/prof.kern"
		awk -F'\t' -v sec=profile -v base="$base" -v cfg=1 \
			-f "$TOP/report/scorecard-kern.awk" "$W/bench.kern" "$W/prof.kern" >"$W/prof.ref"
		cat "$W/prof.ref"
		awk -F'\t' -v base="$base" -v bad="$(refused "$W/prof.ref")" \
			'index(bad, " " base " ") == 0 && index(bad, " " $1 " ") == 0' "$prof/metrics.tsv" |
			tee "$W/metrics.tsv" |
			awk -F'\t' -v base="$base" '
			{ m[$1, $2, $3] = $4; if (!c[$2]++) cells[++nc] = $2; s[$1] = 1 }
			function row(cl, k, lab,   x) {
				for (x in s) if ((x, cl, k) in m)
					printf "R\tprofile\t%s %s\t%s\t" (x == base ? "%.2f" : "%+.2f") "\n",
						cl, lab, x, m[x, cl, k] - (x == base ? 0 : m[base, cl, k])
			}
			END { for (i = 1; i <= nc; i++) if ((base, cells[i], "insns") in m) {
				row(cells[i], "atomics", "atomics/IO")
				if ((base, cells[i], "xfers") in m) row(cells[i], "xfers", "xfers/IO")
			} }'
		if [ -r "$cdir/costs.tsv" ]; then
			printf 'S\tpredicted\tpredicted ns/IO: %s x %s\n' \
				"$(rel "$prof")" "$(rel "$cdir")/costs.tsv"
			awk -v costs="$cdir/costs.tsv" -v level="${CALIB_LEVEL:-}" -v base="$base" \
				-v fmt=dat -f "$TOP/calib/model.awk" -f "$TOP/calib/predict.awk" \
				"$W/metrics.tsv" | awk -F'\t' '{ split($1, k, ":")
				printf "R\tpredicted\t%s dns\t%s\t%+.1f+-%.1f\n", k[1], k[2], $2, $3 }'
		else
			printf 'S\tpredicted\tpredicted ns/IO\n'
			printf 'N\tpredicted\tno machine profile (make calibrate)\n'
		fi
	else
		printf 'S\tprofile\tprofile\nN\tprofile\tno profile run (make profile)\n'
	fi

	# correctness: ck-report's verdict per boot
	printf 'S\tcorrectness\t'
	if [ -n "$ck" ] && [ -r "$ck/records.jsonl" ]; then
		printf 'check run %s (ck-report -t)\n' "$(rel "$ck")"
		"$CKR" -t -V "${AIOB_CK_VARIANTS:-$TOP/variants}" "$ck/records.jsonl" >"$W/ck.tsv" || [ $? -eq 1 ] ||
			die "ck-report -t $(rel "$ck")/records.jsonl failed"
		awk -F'\t' '!/^#/ && $3 == "-" { print $2 "\t" $6 "\t-\t-" }' \
			"$W/ck.tsv" | sort -u >"$W/ck.kern"
		awk -F'\t' -v sec=correctness -v base="$base" -v cfg=0 \
			-f "$TOP/report/scorecard-kern.awk" "$W/bench.kern" "$W/ck.kern" >"$W/ck.ref"
		cat "$W/ck.ref"
		awk -F'\t' -v base="$base" -v bad="$(refused "$W/ck.ref")" '
			/^#/ || index(bad, " " base " ") || index(bad, " " $2 " ") { next }
			$3 == "-" { n[$2, $5]++; ok[$2, $5] += $8 == "ok"; if (!c[$5]++) cf[++nc] = $5 }
			$3 != "-" { nm[$2]++; if ($8 == "caught") { k[$2]++
				if ($9 + 0 > slow[$2]) slow[$2] = $9 + 0 } }
			END {
				for (x in n) { split(x, p, SUBSEP)
					printf "R\tcorrectness\tboots passed (%s)\t%s\t%d/%d\n",
						p[2], p[1], ok[x], n[x] }
				for (s in nm) {
					printf "R\tcorrectness\tmutants caught\t%s\t%d/%d\n", s, k[s], nm[s]
					if (k[s]) printf "R\tcorrectness\tslowest catch\t%s\t%ds\n", s, slow[s]
				}
			}' "$W/ck.tsv" | sort -t"$(printf '\t')" -k3,3 -k4,4
		if awk -F'\t' '$5 == "kcsan" { f = 1 } END { exit !f }' "$W/ck.tsv"; then
			printf 'N\tcorrectness\tKCSAN: the kcsan boots above; reports classified in variants/<scheme>/LIFETIME.md\n'
		else
			printf 'N\tcorrectness\tKCSAN: no kcsan boot in this check run (make check-lifetime CONFIGS="debug kcsan")\n'
		fi
	else
		printf 'check run\nN\tcorrectness\tno check run (make check-lifetime)\n'
	fi

	# complexity: the patches, LIFETIME.md's scorecard line, predicted.tsv
	printf 'S\tcomplexity\tvariants/<scheme>/ (*.patch, LIFETIME.md, predicted.tsv)\n'
	for s in $base$schemes; do
		d=$TOP/variants/$s
		[ -d "$d" ] || { printf 'N\tcomplexity\tno variants/%s\n' "$s"; continue; }
		set -- "$d"/*.patch
		[ -e "$1" ] || set --
		awk -v s="$s" -v np=$# -f "$TOP/report/scorecard-patch.awk" "$@" </dev/null
		l=$(sed -n 's/.*scorecard: temp_refs=\([0-9]*\) states=\([0-9]*\).*/\1 \2/p' \
			"$d/LIFETIME.md" 2>/dev/null | head -n 1)
		if [ -n "$l" ]; then
			printf 'R\tcomplexity\ttemporary refs\t%s\t%s\n' "$s" "${l% *}"
			printf 'R\tcomplexity\tstates\t%s\t%s\n' "$s" "${l#* }"
		else
			printf 'N\tcomplexity\t%s: no "scorecard:" line in LIFETIME.md\n' "$s"
		fi
	done
	for s in $base$schemes; do
		f=$TOP/variants/$s/predicted.tsv
		[ -r "$f" ] && awk -F'\t' -v s="$s" '$2 == "aio_atomics" { print s "\t" $1 "\t" $3 }' "$f"
	done | awk -F'\t' -v base="$base" '{ v[$1, $2] = $3; if (!c[$2]++) cl[++n] = $2; s[$1] = 1 }
		END { for (i = 1; i <= n; i++) for (x in s) if ((x, cl[i]) in v && (base, cl[i]) in v)
			printf "R\tcomplexity\t%s atomics\t%s\t%s\n", cl[i], x,
				x == base ? v[x, cl[i]] : sprintf("%+d", v[x, cl[i]] - v[base, cl[i]]) }'
} >"$W/rows.tsv"

awk -F'\t' -f "$TOP/report/scorecard-doc.awk" "$W/rows.tsv" >"$W/page.tsv"
"$TBL" "$W/page.tsv" >"$W/scorecard.txt" || die "aiob-table $W/page.tsv failed"
"$TBL" -m "$W/page.tsv" >"$W/scorecard.md" || die "aiob-table -m $W/page.tsv failed"
if [ -n "$out" ]; then
	mkdir -p "$out"
	cp "$W/scorecard.txt" "$out/scorecard.txt.tmp" && mv "$out/scorecard.txt.tmp" "$out/scorecard.txt"
	cp "$W/scorecard.md" "$out/scorecard.md.tmp" && mv "$out/scorecard.md.tmp" "$out/scorecard.md"
fi
cat "$W/scorecard.txt"
