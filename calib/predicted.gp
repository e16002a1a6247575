# calib/predicted.gp - predicted delta ns per I/O per cell and scheme,
# with the calibration's 95 % uncertainty.  From report-section.sh: term,
# out, data (cell:scheme<TAB>dns<TAB>u), base, pdir (plot/).
W = 900; H = 450
load pdir . "/common.gp"
set title sprintf("predicted cost on silicon: scheme - %s, ns per I/O", base)
set ylabel "predicted delta ns per I/O"
set style fill solid 0.6 border -1
set boxwidth 0.6
set xtics rotate by -30 left
set xzeroaxis lt -1
set key off
set bars 2
stats data using 2:3 nooutput
lo = STATS_min_x - STATS_max_y; hi = STATS_max_x + STATS_max_y
lo = lo < 0 ? lo * 1.15 : 0; hi = hi > 0 ? hi * 1.15 : 0
if (lo == hi) { lo = -1; hi = 1 }
set yrange [lo:hi]
plot data using 0:2:xticlabels(1) with boxes lt 1, \
     '' using 0:2:3 with yerrorbars lt -1 pt 7 ps 0
