# plot/latency.gp - latency percentiles (p50 ... p99.9, mean and 95 % CI
# over the reps), a line per scheme, a panel per cell that has them.
load meta
cols = npanel < 3 ? (npanel ? npanel : 1) : 3
rows = npanel ? (npanel + cols - 1) / cols : 1
W = 460 * cols
H = 360 * rows + 40
load pdir.'/common.gp'
if (empty) {
	load pdir.'/empty.gp'
} else {
	set multiplot layout rows, cols title (ndropped ? \
		sprintf('latency percentiles (first %d cells of %d)', npanel, npanel + ndropped) : \
		'latency percentiles (mean, 95% CI)')
	set logscale y
	set ylabel 'latency ns'
	set offsets 0.3, 0.3, 0, 0
	do for [p = 1:npanel] {
		set title ptitle[p]
		plot for [i = 1:nscheme] sprintf('%s/latency.%d.tsv', data, p) \
			using 0:(column(2 * i)):(column(2 * i + 1)):xtic(1) \
			with yerrorlines lt scolor[i] title sname[i]
	}
	unset multiplot
}
