#!/bin/sh
# Each scheme's variants/<scheme>/predicted.tsv agrees with the profile:
# aio_atomics and spin_lock_calls_delta per I/O on read-qd1 and
# poll-ready, within +-0.25 (profile/report.sh -c).  One boot per scheme
# and cell, 2000 I/Os each.  Skips when no scheme predicts anything.
. "$(dirname "$0")/lib.sh"
schemes=
for f in "$TOP"/variants/*/predicted.tsv; do
	[ -r "$f" ] || continue
	s=$(basename "$(dirname "$f")")
	[ -r "$TOP/kernels/images/$s-bench/bzImage" ] || fail "$s has predictions but no kernel (make kernels)"
	schemes="$schemes $s"
done
[ -n "$schemes" ] || skip "no variants/*/predicted.tsv yet"
run=t-profile-predict-$$
"$TOP/profile/profile.sh" -r "$run" -s "two-refs$schemes" -o 2000 >"$T/out" 2>&1 ||
	fail "profile.sh failed: $(tail -n 20 "$T/out")"
"$TOP/profile/report.sh" -c "$AIOB_RESULTS/$run" >"$T/report" 2>&1 || {
	sed -n '/== predictions/,$p' "$T/report"
	fail "predictions disagree with the measurement"
}
n=$(awk -F'\t' 'NR > 1 && $7 == "ok"' "$AIOB_RESULTS/$run/predictions.tsv" | wc -l)
[ "$n" -gt 0 ] || fail "no prediction was checked: $(cat "$AIOB_RESULTS/$run/predictions.tsv")"
sed -n '/== predictions/,$p' "$T/report"
echo "$n predictions agree"
