# profile/text.awk - the profile report: what each table holds, as
# aiob-table's records (report/aiob-table.c lays them out in 72 columns
# with report/table.c's rules, like every report's tables).
#
# usage: awk -v top=N -v tol=T -v rdir=DIR -v cells="c1 c2" -v nopred="s.."
#            -f text.awk DIR/metrics.tsv | aiob-table
# Reads DIR/<cell>/perio/*.tsv, DIR/<cell>/diff/*.tsv, DIR/predictions.tsv.
BEGIN { FS = OFS = "\t"; if (base == "") base = "two-refs" }
{
	m[$1, $2, $3] = $4; if (!($1 in hass)) { hass[$1] = 1 }
	if ($3 == "xfers" && $4 > 0) hasx[$2] = 1
}
# a table of plain columns; heads tab-separated ("<": left-aligned)
function table(heads) { print "table", split(heads, _h, "\t"), 0; print "head", heads }
function caption(s) { print "text", ""; print "text", s }
# the row of a function: "*" marks fs/aio.c's
function fname(f, aio) { return (aio ? "*" : " ") f }
# schemes of a cell: the reference (-v base) first, then by name
function schemes(cell, out,    cmd, s, n) {
	n = 0
	cmd = "ls '" rdir "/" cell "/perio' | sed -n 's/\\.tsv$//p' | sort"
	if ((base, cell, "insns") in m) out[++n] = base
	while ((cmd | getline s) > 0)
		if (s != base) out[++n] = s
	close(cmd)
	return n
}
function summary(cell, n, ss,    i, s) {
	table("<scheme\tinsns\tatom\taio-insn\taio-atm\tspin\tloads\tstores")
	for (i = 1; i <= n; i++) {
		s = ss[i]
		printf "row\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.1f\t%.1f\n", s,
			m[s, cell, "insns"], m[s, cell, "atomics"], m[s, cell, "aio_insns"],
			m[s, cell, "aio_atomics"], m[s, cell, "spin_lock_calls"],
			m[s, cell, "loads"], m[s, cell, "stores"]
	}
	if (!(cell in hasx))
		return
	table("<\txfers\tx-atom\tx-reads\tx-write\tx-aio")
	for (i = 1; i <= n; i++) {
		s = ss[i]
		printf "row\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\n", s,
			m[s, cell, "xfers"], m[s, cell, "xfer_atomics"], m[s, cell, "xfer_reads"],
			m[s, cell, "xfer_writes"], m[s, cell, "aio_xfers"]
	}
}
# per function; a cell with transfers shows them instead of loads, stores
function functions(cell, s,    f, l, k, x, c5, c6) {
	caption(sprintf("%s, %s: top %d functions (* fs/aio.c)", cell, s, top))
	c5 = 5; c6 = 6
	if (cell in hasx) {
		c5 = 9; c6 = 10
		table("<function\tinsns\tatom\txfers\tx-atom")
	} else {
		table("<function\tinsns\tatom\tloads\tstores")
	}
	f = rdir "/" cell "/perio/" s ".tsv"
	k = 0
	while ((getline l < f) > 0 && k < top) {
		split(l, x, "\t")
		printf "row\t%s\t%.2f\t%.2f\t%.2f\t%.2f\n", fname(x[1], x[8]), x[3], x[4], x[c5], x[c6]
		k++
	}
	close(f)
}
# a diff row that shows at two decimals
function visible(x,    i) {
	for (i = 4; i <= 11; i++)
		if (i != 9 && (x[i] >= 0.005 || x[i] <= -0.005))
			return 1
	return 0
}
# diff columns: 4 d insns, 5 d atomics, 6 d loads, 7 d stores, 10 d xfers,
# 11 d xfer atomics; a cell with transfers shows 10, 11 instead of 6, 7
function diff(cell, s,    f, l, k, x, t, ta, i, rows, other, c6, c7, fmt) {
	f = rdir "/" cell "/diff/" s ".tsv"
	c6 = 6; c7 = 7
	if (cell in hasx) {
		c6 = 10; c7 = 11
		caption(sprintf("%s: %s - %s, by |d xfers| (* fs/aio.c)", cell, s, base))
		table("<function\tref insns\td insns\td atom\td xfers\td x-atom")
	} else {
		caption(sprintf("%s: %s - %s, top %d by |d insns| (* fs/aio.c)", cell, s, base, top))
		table("<function\tref insns\td insns\td atom\td loads\td stores")
	}
	fmt = "row\t%s\t%.2f\t%+.2f\t%+.2f\t%+.2f\t%+.2f\n"
	k = 0; rows = 0
	for (i = 4; i <= 11; i++) t[i] = ta[i] = 0
	other = 0
	while ((getline l < f) > 0) {
		if (!rows++) continue	# header
		split(l, x, "\t")
		for (i = 4; i <= 11; i++) { t[i] += x[i]; if (x[9]) ta[i] += x[i] }
		if (!x[9] && (x[4] >= 1 || x[4] <= -1)) other++
		if (!visible(x))
			continue
		if (k++ < top)
			printf fmt, fname(x[1], x[9]), x[2], x[4], x[5], x[c6], x[c7]
	}
	close(f)
	if (k > top)
		print "row", fname("(" k - top " more)", 0), "", "", "", "", ""
	printf fmt, fname("total fs/aio.c", 0), m[base, cell, "aio_insns"], ta[4], ta[5], ta[c6], ta[c7]
	printf fmt, fname("total", 0), m[base, cell, "insns"], t[4], t[5], t[c6], t[c7]
	if (other)
		notes = 1
}
# the moved lines of a 2-vCPU cell: per class, then the top groups (lines
# moved by the same functions: one kind of data)
function lines(cell, s,    f, l, x, k, grp) {
	f = rdir "/" cell "/lines/" s ".tsv"
	if ((getline l < f) <= 0)
		return
	caption(sprintf("%s, %s: moved lines per I/O by class, and the top %d groups of" \
		" lines moved by the same functions", cell, s, 8))
	table("<class\txfers\treads\twrites\tatomic\tlines")
	k = 0
	do {
		split(l, x, "\t")
		if (x[1] == "class")
			printf "row\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%d\n", x[2], x[3], x[4], x[5], x[6], x[7]
		else if (x[1] == "group" && k++ < 8)
			grp[k] = sprintf("row\t%s\t%.2f\t%d\t%s", x[2], x[3], x[7], x[8])
	} while ((getline l < f) > 0)
	close(f)
	if (k)
		table("<class\txfers\tlines\t<moved by")
	for (l = 1; l <= k && l <= 8; l++)
		print grp[l]
}
function predictions(    f, l, x, n, bad) {
	print "section", "predictions (variants/<scheme>/predicted.tsv), tolerance +-" tol
	print "text", "(n/a: cell not profiled; _delta: scheme minus two-refs)"
	table("<scheme\t<cell\t<metric\tpredict\tmeasured\t<verdict")
	f = rdir "/predictions.tsv"
	n = 0
	while ((getline l < f) > 0) {
		if (!n++) continue
		split(l, x, "\t")
		print "row", x[1], x[2], x[3], x[4], x[5], x[7]
		if (x[8] != "")
			print "note", x[8]
		if (x[7] ~ /^FAIL/) bad++
	}
	close(f)
	if (nopred != "")
		print "text", "no prediction:" nopred
	if (bad)
		print "text", bad " prediction(s) disagree with the measurement"
}
END {
	rid = rdir; sub(/.*\//, "", rid)
	print "title", "aiorefbench profile " rid
	print "para", "Per I/O, inside the benchmark's measurement window (icount, QEMU TCG" \
		" plugin profile/plugin).  atom: lock-prefixed instructions, xchg with" \
		" memory, and LOCK_PREFIX sites a one-CPU boot patched to ds.  Cells" \
		" with 2 vCPUs: xfers = cache lines moved between vCPUs (x-reads: a" \
		" dirty line read; x-write: a line held elsewhere written; x-atom: by" \
		" atomics), see profile/README.md."
	print "para", "aio: functions of fs/aio.c (* in tables), with what they inline." \
		"  spin: calls of _raw_spin_lock*.  loads/stores as QEMU does them (an" \
		" atomic read-modify-write is one of each)."
	nc = split(cells, cl, " ")
	for (c = 1; c <= nc; c++) {
		cell = cl[c]
		n = schemes(cell, ss)
		ops = ""
		f = rdir "/" cell "/perio/" ss[1] ".ops"
		getline ops < f; close(f)
		print "text", ""
		print "rule"
		print "text", cell ": " ops " I/Os per scheme"
		summary(cell, n, ss)
		for (i = 1; i <= n; i++)
			if (ss[i] != base)
				diff(cell, ss[i])
		for (i = 1; i <= n; i++)
			functions(cell, ss[i])
		for (i = 1; i <= n; i++)
			lines(cell, ss[i])
	}
	print "text", ""
	print "rule"
	if (notes)
		print "para", "Functions outside fs/aio.c that move by 1 instruction per I/O or" \
			" more: code the scheme does not change moves with boot state, which" \
			" differs per kernel.  sbitmap_get costs 92.3 or 100.3 per I/O on" \
			" read-qd1 by null_blk's random tag hint; the fs/aio.c totals are" \
			" free of that."
	predictions()
}
