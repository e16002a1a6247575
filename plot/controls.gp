# plot/controls.gp - the control cells (io_uring does not use fs/aio.c):
# each scheme's %change against the reference with its 95 % CI; the
# dashed lines are the threshold thr beyond which a significant move is
# an instrument problem.
load meta
W = 300 + 60 * nnb * (nrow ? nrow : 1)
W = W < 700 ? 700 : W
H = 460
load pdir.'/common.gp'
if (empty) {
	load pdir.'/empty.gp'
} else {
	set style data histograms
	set style histogram errorbars gap 2 lw 1
	set style fill solid 0.75 border -1
	set xtics rotate by -30 left nomirror
	set bmargin 11
	set rmargin 14
	set key outside top center horizontal
	set title sprintf('control cells: %%change against %s (95%% CI); must stay within noise', base)
	set ylabel '%change'
	set xzeroaxis lt -1
	set offsets 0, 0, graph 0.1, graph 0.1
	plot for [i = 1:nnb] data.'/controls.tsv' \
		using (column(2 * i)):(column(2 * i + 1)):xtic(1) lt nbcolor[i] title nbname[i], \
		thr with lines dt 2 lc rgb '#aa0000' notitle, -thr with lines dt 2 lc rgb '#aa0000' notitle
}
