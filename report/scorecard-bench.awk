# report/scorecard-bench.awk - the performance rows from `aiob-cmp tsv`
# (report/README.md), metric ns_per_op: icount cells the exact delta of
# guest instructions per I/O and % (the row is the cell: no unit); wall and host cells the % change of
# the mean with its (1 - 0.05/m) interval and the minimal detectable
# effect (the interval's half-width: a smaller change cannot exclude 0).
# The reference's column holds its mean.
$1 ~ /^#/ || $14 != "ns_per_op" { next }
{
	lab = $4 == "-" || $4 == "" ? $5 : $4
	gsub(/,/, " ", lab)
	# short enough for the label column: the keys that tell cells apart
	gsub(/queue_mode=/, "qm=", lab)
	gsub(/irqmode=/, "irq=", lab)
	gsub(/loop_mb=/, "mb=", lab)
	if (index(lab, $7) == 0) lab = $7 " " lab
	mk = $24 == "-" ? "" : $24
	if ($7 == "icount") {
		r = lab
		printf "R\tperformance\t%s\t%s\t%s\n", r, $13,
			$13 == base ? sprintf("%.0f", $17) : sprintf("%+.0f %+.2f%%%s", $27, $20, mk)
		next
	}
	r = lab
	if ($13 == base) {
		printf "R\tperformance\t%s ns/IO\t%s\t%.0f n%d\n", r, $13, $17, $15
		next
	}
	printf "R\tperformance\t%s ns/IO\t%s\t%+.1f%%%s n%d\n", r, $13, $20, mk, $15
	if ($25 == "-" || $25 == "")
		next
	if ($25 ~ /inf/ || $26 ~ /inf/) {	# too few reps for 1 - 0.05/m
		printf "R\tperformance\t%s CI %%\t%s\tuntestable\n", r, $13
		next
	}
	printf "R\tperformance\t%s CI %%\t%s\t%+.1f..%+.1f\n", r, $13, $25, $26
	printf "R\tperformance\t%s MDE %%\t%s\t%.1f\n", r, $13, ($26 - $25) / 2
}
