# report/scorecard-kern.awk - may a profile or check run's kernels be put
# next to the bench run's?  Two files of "scheme tree config_sha commit"
# (the bench run's first); a field "-" or empty is unknown and not
# compared; the config hash only with -v cfg=1.  Prints, per scheme that
# differs, "X<TAB>scheme" (for the callers' filter) and a REFUSED note
# for section -v sec.
FNR == NR { t[$1] = t[$1] " " $2; c[$1] = c[$1] " " $3; k[$1] = k[$1] " " $4; next }
# every value of a scheme known (not "-", not empty)
function known(all) { return (all " ") !~ /( - |  )/ && all ~ /[^ ]/ }
function differs(all, v) { return (" " all " ") !~ (" " v " ") }
!($1 in t) { next }
{
	why = ""
	if (known(t[$1]) && known($2)) {
		if (differs(t[$1], $2)) why = "source tree " substr($2, 1, 12)
	} else if (known(k[$1]) && known($4)) {
		if (differs(k[$1], $4)) why = "commit " substr($4, 1, 12)
	}
	if (cfg && known(c[$1]) && known($3) && differs(c[$1], $3))
		why = why (why == "" ? "" : ", ") "config " substr($3, 1, 12)
	if (why == "") next
	print "X\t" $1
	printf "N\t%s\tREFUSED: %s: %s, not the bench run's kernel; %s\n", sec, $1, why,
		$1 == base ? "section left blank" : "its cells left blank"
}
