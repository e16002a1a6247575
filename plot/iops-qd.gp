# plot/iops-qd.gp - IOPS against queue depth: a line per scheme (mean and
# 95 % CI over the reps), a panel per device and mode.
load meta
cols = npanel < 3 ? (npanel ? npanel : 1) : 3
rows = npanel ? (npanel + cols - 1) / cols : 1
W = 460 * cols
H = 400 * rows + 40
load pdir.'/common.gp'
if (empty) {
	load pdir.'/empty.gp'
} else {
	set multiplot layout rows, cols title 'IOPS against queue depth (mean, 95% CI)'
	set logscale x 2
	set xlabel 'queue depth'
	set ylabel 'IOPS'
	set yrange [0:*]
	set key top left samplen 2
	set offsets graph 0.05, graph 0.05, graph 0.45, 0
	do for [p = 1:npanel] {
		set title ptitle[p]
		plot for [i = 1:nseries[p]] sprintf('%s/iops.%d.tsv', data, p) \
			index (i - 1) using 1:2:3 with yerrorlines lt scol[off[p] + i] \
			dt sdash[off[p] + i] pt (4 + 2 * sdash[off[p] + i]) \
			title stitle[off[p] + i]
	}
	unset multiplot
}
