# profile/text.awk - the plain-text profile report (72 columns).
#
# usage: awk -v top=N -v tol=T -v rdir=DIR -v cells="c1 c2" -v nopred="s.."
#            -f text.awk DIR/metrics.tsv
# Reads DIR/<cell>/perio/*.tsv, DIR/<cell>/diff/*.tsv, DIR/predictions.tsv.
BEGIN { FS = OFS = "\t"; if (base == "") base = "two-refs" }
{
	m[$1, $2, $3] = $4; if (!($1 in hass)) { hass[$1] = 1 }
	if ($3 == "xfers" && $4 > 0) hasx[$2] = 1
}
function trunc(s, w) { return length(s) <= w ? s : substr(s, 1, w - 1) "+" }
function rule() { print "------------------------------------------------------------------------" }
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
	printf "%-14s %9s %7s %8s %7s %6s %7s %7s\n", "scheme", "insns", "atom",
		"aio-insn", "aio-atm", "spin", "loads", "stores"
	for (i = 1; i <= n; i++) {
		s = ss[i]
		printf "%-14s %9.2f %7.2f %8.2f %7.2f %6.2f %7.1f %7.1f\n", trunc(s, 14),
			m[s, cell, "insns"], m[s, cell, "atomics"], m[s, cell, "aio_insns"],
			m[s, cell, "aio_atomics"], m[s, cell, "spin_lock_calls"],
			m[s, cell, "loads"], m[s, cell, "stores"]
	}
	if (!(cell in hasx))
		return
	printf "%-14s %9s %7s %8s %7s %6s\n", "", "xfers", "x-atom", "x-reads",
		"x-write", "x-aio"
	for (i = 1; i <= n; i++) {
		s = ss[i]
		printf "%-14s %9.2f %7.2f %8.2f %7.2f %6.2f\n", trunc(s, 14),
			m[s, cell, "xfers"], m[s, cell, "xfer_atomics"], m[s, cell, "xfer_reads"],
			m[s, cell, "xfer_writes"], m[s, cell, "aio_xfers"]
	}
}
# per function; a cell with transfers shows them instead of loads, stores
function functions(cell, s,    f, l, k, x, c5, c6) {
	printf "\n%s, %s: top %d functions (* fs/aio.c)\n", cell, s, top
	c5 = 5; c6 = 6
	if (cell in hasx) {
		c5 = 9; c6 = 10
		printf "%-35s %9s %7s %8s %8s\n", "function", "insns", "atom", "xfers", "x-atom"
	} else {
		printf "%-35s %9s %7s %8s %8s\n", "function", "insns", "atom", "loads", "stores"
	}
	f = rdir "/" cell "/perio/" s ".tsv"
	k = 0
	while ((getline l < f) > 0 && k < top) {
		split(l, x, "\t")
		printf "%s%-34s %9.2f %7.2f %8.2f %8.2f\n", x[8] ? "*" : " ", trunc(x[1], 34),
			x[3], x[4], x[c5], x[c6]
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
function diff(cell, s,    f, l, k, x, t, ta, i, rows, other, c6, c7) {
	f = rdir "/" cell "/diff/" s ".tsv"
	c6 = 6; c7 = 7
	if (cell in hasx) {
		c6 = 10; c7 = 11
		printf "\n%s: %s - %s, by |d xfers| (* fs/aio.c)\n",
			cell, s, base
		printf "%-25s %9s %9s %7s %8s %8s\n", "function", "ref insns", "d insns",
			"d atom", "d xfers", "d x-atom"
	} else {
		printf "\n%s: %s - %s, top %d by |d insns| (* fs/aio.c)\n", cell, s, base, top
		printf "%-25s %9s %9s %7s %8s %8s\n", "function", "ref insns", "d insns",
			"d atom", "d loads", "d stores"
	}
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
			printf "%s%-24s %9.2f %+9.2f %+7.2f %+8.2f %+8.2f\n", x[9] ? "*" : " ",
				trunc(x[1], 24), x[2], x[4], x[5], x[c6], x[c7]
	}
	close(f)
	if (k > top)
		printf " %-24s %9s %9s\n", "(" k - top " more)", "", ""
	printf " %-24s %9.2f %+9.2f %+7.2f %+8.2f %+8.2f\n", "total fs/aio.c",
		m[base, cell, "aio_insns"], ta[4], ta[5], ta[c6], ta[c7]
	printf " %-24s %9.2f %+9.2f %+7.2f %+8.2f %+8.2f\n", "total", m[base, cell, "insns"],
		t[4], t[5], t[c6], t[c7]
	if (other)
		notes = 1
}
# the moved lines of a 2-vCPU cell: per class, then the top groups (lines
# moved by the same functions: one kind of data)
function lines(cell, s,    f, l, x, k) {
	f = rdir "/" cell "/lines/" s ".tsv"
	if ((getline l < f) <= 0)
		return
	printf "\n%s, %s: moved lines per I/O by class, and\n", cell, s
	printf "the top %d groups of lines moved by the same functions\n", 8
	printf "%-12s %7s %7s %7s %7s %6s\n", "class", "xfers", "reads", "writes", "atomic", "lines"
	k = 0
	do {
		split(l, x, "\t")
		if (x[1] == "class")
			printf "%-12s %7.2f %7.2f %7.2f %7.2f %6d\n", x[2], x[3], x[4], x[5], x[6], x[7]
		else if (x[1] == "group" && k++ < 8)
			printf "%-6s %6.2f %3d %s\n", x[2], x[3], x[7], trunc(x[8], 51)
	} while ((getline l < f) > 0)
	close(f)
}
function predictions(    f, l, x, n, bad) {
	printf "\n== predictions (variants/<scheme>/predicted.tsv), tolerance +-%s ==\n", tol
	print "(n/a: cell not profiled; _delta: scheme minus two-refs)"
	printf "%-13s %-10s %-21s %7s %8s %s\n", "scheme", "cell", "metric", "predict",
		"measured", "verdict"
	f = rdir "/predictions.tsv"
	n = 0
	while ((getline l < f) > 0) {
		if (!n++) continue
		split(l, x, "\t")
		printf "%-13s %-10s %-21s %7s %8s %s\n", trunc(x[1], 13), trunc(x[2], 10),
			trunc(x[3], 21), x[4], x[5], x[7]
		if (x[8] != "")
			printf "    %s\n", trunc(x[8], 68)
		if (x[7] ~ /^FAIL/) bad++
	}
	close(f)
	if (nopred != "")
		printf "no prediction:%s\n", nopred
	if (bad)
		printf "%d prediction(s) disagree with the measurement\n", bad
}
END {
	rid = rdir; sub(/.*\//, "", rid)
	print "aiorefbench profile " rid
	print "Per I/O, inside the benchmark's measurement window (icount, QEMU TCG"
	print "plugin profile/plugin).  atom: lock-prefixed instructions, xchg with"
	print "memory, and LOCK_PREFIX sites a one-CPU boot patched to ds.  Cells"
	print "with 2 vCPUs: xfers = cache lines moved between vCPUs (x-reads: a"
	print "dirty line read; x-write: a line held elsewhere written; x-atom: by"
	print "atomics), see profile/README.md."
	print "aio: functions of fs/aio.c (* in tables), with what they inline."
	print "spin: calls of _raw_spin_lock*.  loads/stores as QEMU does them (an"
	print "atomic read-modify-write is one of each)."
	nc = split(cells, cl, " ")
	for (c = 1; c <= nc; c++) {
		cell = cl[c]
		n = schemes(cell, ss)
		ops = ""
		f = rdir "/" cell "/perio/" ss[1] ".ops"
		getline ops < f; close(f)
		printf "\n"; rule()
		printf "%s: %s I/Os per scheme\n", cell, ops
		summary(cell, n, ss)
		for (i = 1; i <= n; i++)
			if (ss[i] != base)
				diff(cell, ss[i])
		for (i = 1; i <= n; i++)
			functions(cell, ss[i])
		for (i = 1; i <= n; i++)
			lines(cell, ss[i])
	}
	printf "\n"; rule()
	if (notes) {
		print "Functions outside fs/aio.c that move by 1 instruction per I/O or"
		print "more: code the scheme does not change moves with boot state, which"
		print "differs per kernel.  sbitmap_get costs 92.3 or 100.3 per I/O on"
		print "read-qd1 by null_blk's random tag hint; the fs/aio.c totals are"
		print "free of that."
	}
	predictions()
}
