# report/scorecard-fmt.awk - the scorecard page from report/scorecard.sh's
# rows: "H run base schemes", "S sec source", "R sec label scheme value",
# "N sec note" ("X" lines are ignored).  -v fmt=text: 72 columns, one
# column per scheme (the reference first: its absolute values); fmt=md:
# Markdown.  Sections and rows in the order given; a cell nobody gave
# stays blank.
$1 == "H" { run = $2; base = $3; ns = split($4, sc, " ") }
$1 == "S" { if (!($2 in src)) sec[++nsec] = $2; src[$2] = $3 }
$1 == "R" {
	if (!(($2, $3) in seen)) { seen[$2, $3] = 1; lab[$2, ++nl[$2]] = $3 }
	v[$2, $3, $4] = $5
}
$1 == "N" { note[$2, ++nn[$2]] = $3 }
function wrap(t, pre,   out, w, n, i, line) {
	n = split(t, w, " ")
	line = pre
	for (i = 1; i <= n; i++) {
		if (line != pre && length(line) + 1 + length(w[i]) > 72) {
			print line
			line = pre "  "
		}
		line = line (line == pre || line == pre "  " ? "" : " ") w[i]
	}
	if (line != pre) print line
}
function text(   i, j, k, s, lw, cw, l, row) {
	cw = ns ? int((72 - 16) / ns) : 14
	if (cw > 14) cw = 14
	lw = 72 - ns * cw
	wrap("scorecard of " run ": each scheme against " base "; the " \
	     base " column holds its own values, the others the difference." \
	     "  Facts side by side, no weighting; a blank cell was not" \
	     " measured or was refused.")
	for (i = 1; i <= nsec; i++) {
		s = sec[i]
		printf "\n== %s ==\n", s
		wrap("from: " src[s])
		if (nl[s]) {
			printf "%-" lw "s", ""
			for (k = 1; k <= ns; k++)
				printf "%" cw "s", substr(sc[k], 1, cw - 1)
			print ""
		}
		for (j = 1; j <= nl[s]; j++) {
			l = lab[s, j]
			row = sprintf("%-" lw "s", substr(l, 1, lw - 1))
			for (k = 1; k <= ns; k++)
				row = row sprintf("%" cw "s", substr(v[s, l, sc[k]], 1, cw - 1))
			sub(/ +$/, "", row)
			print row
		}
		for (j = 1; j <= nn[s]; j++)
			wrap("! " note[s, j])
	}
}
function md(   i, j, k, s, l) {
	printf "# Scorecard: `%s`\n\nEach scheme against %s; the %s column holds its own", run, base, base
	printf " values, the others the difference.  Facts side by side, no weighting;"
	printf " a blank cell was not measured or was refused.\n"
	for (i = 1; i <= nsec; i++) {
		s = sec[i]
		printf "\n## %s\n\nfrom: %s\n", s, src[s]
		if (nl[s]) {
			printf "\n| |"
			for (k = 1; k <= ns; k++) printf " %s |", sc[k]
			printf "\n|---|"
			for (k = 1; k <= ns; k++) printf "---:|"
			print ""
		}
		for (j = 1; j <= nl[s]; j++) {
			l = lab[s, j]
			printf "| %s |", l
			for (k = 1; k <= ns; k++) printf " %s |", v[s, l, sc[k]]
			print ""
		}
		for (j = 1; j <= nn[s]; j++)
			printf "\n> %s\n", note[s, j]
	}
}
END { if (fmt == "md") md(); else text() }
