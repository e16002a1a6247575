# plot/icount-ops.gp - icount mode: guest instructions per operation
# (virtual ns/op at shift=0) per cell, a bar per scheme with its 95 % CI;
# below, each scheme's %change against the reference with its CI.
load meta
W = 300 + 40 * nscheme * (nrow ? nrow : 1)
W = W < 800 ? 800 : W
H = nnb ? 760 : 420
load pdir.'/common.gp'
if (empty) {
	load pdir.'/empty.gp'
} else {
	set style data histograms
	set style histogram errorbars gap 2 lw 1
	set style fill solid 0.75 border -1
	set xtics rotate by -30 left nomirror
	set key outside top center horizontal
	set bmargin 8
	set rmargin 14
	if (nnb) { set multiplot layout 2, 1 }
	set title 'icount: instructions per operation (mean, 95% CI)'
	set ylabel 'instructions/op (icount ns/op)'
	set yrange [0:*]
	plot for [i = 1:nscheme] data.'/icount.tsv' \
		using (column(2 * i)):(column(2 * i + 1)):xtic(1) lt scolor[i] title sname[i]
	if (nnb) {
		set title sprintf('%%change against %s (95%% CI)', base)
		set ylabel '%change'
		set yrange [*:*]
		set xzeroaxis lt -1
		plot for [i = 1:nnb] data.'/icount-pct.tsv' \
			using (column(2 * i)):(column(2 * i + 1)):xtic(1) lt nbcolor[i] \
			title nbname[i]
		unset multiplot
	}
}
