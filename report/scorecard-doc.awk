# report/scorecard-doc.awk - the scorecard page from report/scorecard.sh's
# rows: "H run base schemes", "S sec source", "R sec label scheme value",
# "N sec note" ("X" lines are ignored) -> the page as aiob-table's records
# (report/aiob-table.c lays it out: 72-column text or Markdown).  A table
# per section: a row per label, a column per scheme (the reference first:
# its absolute values).  Sections and rows in the order given; a cell
# nobody gave stays blank.
BEGIN { OFS = "\t" }
$1 == "H" { run = $2; base = $3; ns = split($4, sc, " ") }
$1 == "S" { if (!($2 in src)) sec[++nsec] = $2; src[$2] = $3 }
$1 == "R" {
	if (!(($2, $3) in seen)) { seen[$2, $3] = 1; lab[$2, ++nl[$2]] = $3 }
	v[$2, $3, $4] = $5
}
$1 == "N" { note[$2, ++nn[$2]] = $3 }
END {
	print "title", "scorecard of " run
	print "para", "Each scheme against " base "; the " base " column holds its own" \
		" values, the others the difference.  Facts side by side, no weighting;" \
		" a blank cell was not measured or was refused."
	for (i = 1; i <= nsec; i++) {
		s = sec[i]
		print "section", s
		print "text", "from: " src[s]
		if (nl[s]) {
			print "table", 1, 1
			print "head", "<", ""
			for (k = 1; k <= ns; k++)
				print "group", "", sc[k]
		}
		for (j = 1; j <= nl[s]; j++) {
			l = lab[s, j]
			row = "row" OFS l
			for (k = 1; k <= ns; k++)
				row = row OFS v[s, l, sc[k]]
			print row
		}
		for (j = 1; j <= nn[s]; j++)
			print "remark", note[s, j]
	}
}
