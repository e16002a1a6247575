# profile/delta.gp - the top functions' delta against two-refs, per
# scheme: instructions per I/O (top), atomics per I/O (bottom).
# usage: gnuplot -e "datafile='...'; out='prefix'; cell='...'; n=<schemes>" delta.gp
# writes out.png and out.svg.
set datafile separator "\t"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set offsets 0, 0, graph 0.05, graph 0.05
set key top right
set xzeroaxis lt -1
set lmargin 12
set rmargin 3

do for [t = 1:2] {
	if (t == 1) {
		set terminal pngcairo size 1100,800 noenhanced font "sans,10"
		set output out . ".png"
	} else {
		set terminal svg size 1100,800 noenhanced font "sans,10" dynamic
		set output out . ".svg"
	}
	set multiplot layout 2,1 title cell . ": per I/O, scheme - two-refs"
	set ylabel "instructions"
	unset xtics
	plot for [i = 2:n + 1] datafile using i title columnheader(i), \
		0 with lines lt -1 notitle
	set ylabel "atomics"
	set xtics rotate by 30 right scale 0 font ",9"
	plot for [i = n + 2:2 * n + 1] datafile using i:xtic(1) title columnheader(i), \
		0 with lines lt -1 notitle
	unset multiplot
	set output
}
