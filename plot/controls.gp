# plot/controls.gp - the control cells (io_uring does not use fs/aio.c):
# each scheme's %change against the reference with its 95 % CI, a panel
# per mode; the dashed lines are the threshold thr beyond which a
# significant move is an instrument problem.
load meta
W = 560 * (npanel ? npanel : 1)
H = 480
load pdir.'/common.gp'
if (empty) {
	load pdir.'/empty.gp'
} else {
	set multiplot layout 1, npanel title \
		sprintf('control cells: %%change against %s (95%% CI); must stay within noise', base)
	set style data histograms
	set style histogram errorbars gap 2 lw 1
	set style fill solid 0.75 border -1
	set xtics rotate by -30 left nomirror
	set bmargin 8
	set rmargin 8
	set key below
	set ylabel '%change'
	set xzeroaxis lt -1
	set offsets 0, 0, graph 0.1, graph 0.1
	do for [p = 1:npanel] {
		set title ptitle[p]
		plot for [i = 1:nnb] sprintf('%s/controls.%d.tsv', data, p) \
			using (column(2 * i)):(column(2 * i + 1)):xtic(1) lt nbcolor[i] \
			title nbname[i], \
			thr with lines dt 2 lc rgb '#aa0000' notitle, \
			-thr with lines dt 2 lc rgb '#aa0000' notitle
	}
	unset multiplot
}
