# plot/common.gp - loaded by every plot after its meta file: terminal,
# output, colours (one per scheme, in the order of the records, the
# reference first).  From plots.sh: term ('png' or 'svg'), out, W, H.
if (!exists("W")) W = 900
if (!exists("H")) H = 500
if (term eq 'svg') {
	set terminal svg size W,H dynamic noenhanced font 'Sans,11' background rgb 'white'
} else {
	set terminal pngcairo size W,H noenhanced font 'Sans,10'
}
set output out
set datafile separator "\t"
set datafile missing '-'
set linetype 1 lc rgb '#0072b2' lw 2 pt 7 ps 0.8
set linetype 2 lc rgb '#d55e00' lw 2 pt 5 ps 0.8
set linetype 3 lc rgb '#009e73' lw 2 pt 9 ps 0.9
set linetype 4 lc rgb '#cc79a7' lw 2 pt 11 ps 0.9
set linetype 5 lc rgb '#e69f00' lw 2 pt 13 ps 0.9
set linetype 6 lc rgb '#56b4e9' lw 2 pt 3 ps 0.9
set linetype cycle 6
set grid ytics lc rgb '#dddddd'
set key top left
