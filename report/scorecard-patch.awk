# report/scorecard-patch.awk - a scheme's patch series (git format-patch
# files): patches, lines added/removed, functions touched (the names in
# the hunk headers "@@ ... @@ func(": a hunk spanning two counts one).
# usage: awk -v s=SCHEME -v np=N -f scorecard-patch.awk PATCH...
/^diff --git / { body = 1; next }
/^-- $/ { body = 0; next }
!body { next }
/^@@ / {
	h = $0
	sub(/^@@[^@]*@@ */, "", h)
	if (match(h, /[A-Za-z_][A-Za-z0-9_]*\(/))
		fn[substr(h, RSTART, RLENGTH - 1)] = 1
	next
}
/^\+\+\+ |^--- / { next }
/^\+/ { add++ }
/^-/ { del++ }
END {
	for (f in fn) nf++
	printf "R\tcomplexity\tpatches\t%s\t%d\n", s, np
	printf "R\tcomplexity\tlines +/-\t%s\t+%d/-%d\n", s, add, del
	printf "R\tcomplexity\tfunctions touched\t%s\t%d\n", s, nf
}
