# plot/empty.gp - the placeholder of a plot without data: says why.
unset border
unset tics
unset key
set label 1 msg at graph 0.5, 0.5 center
set xrange [0:1]
set yrange [0:1]
plot NaN notitle
