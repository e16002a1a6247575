# plot/prep.awk - cut `aiob-cmp tsv` (one line per cell, scheme, metric)
# into the data files and array definitions of one plot.
#
# usage: awk -f prep.awk -v what=iops|icount|latency|controls \
#            -v base=SCHEME -v dir=DATADIR summary.tsv
# Writes DIR/<what>*.tsv and DIR/<what>.meta.gp (gnuplot arrays: titles,
# colours; "empty" and "msg" when there is nothing to plot).  Columns are
# found by the names in the header line, so new columns do not break it.
BEGIN { FS = OFS = "\t"; maxpanel = 6 }

/^#/ {
	sub(/^#/, "")
	for (i = 1; i <= NF; i++)
		col[$i] = i
	next
}

function f(name) { return $(col[name]) }

function scheme_idx(s) {
	if (!(s in sidx)) {
		sidx[s] = ++nscheme
		sname[nscheme] = s
	}
	return sidx[s]
}

function clean(s) { gsub(/"/, "", s); gsub(/,/, " ", s); return s }

# one panel per key, in order of appearance (at most maxpanel)
function panel(key, title) {
	if (!(key in pidx)) {
		if (npanel >= maxpanel) { dropped[key] = 1; return 0 }
		pidx[key] = ++npanel
		ptitle[npanel] = title
	}
	return pidx[key]
}

function row(key, label) {
	if (!(key in ridx)) {
		ridx[key] = ++nrow
		rlabel[nrow] = label
	}
	return ridx[key]
}

{
	s = f("scheme")
	si = scheme_idx(s)
	if (f("n") + 0 < 1)
		next
	m = f("metric"); ctl = f("control") + 0
}

what == "iops" && m == "iops" && !ctl && f("qd") ~ /^[0-9]+$/ && f("device") !~ /^(none|-)$/ {
	p = panel(f("mode") SUBSEP f("device") SUBSEP f("host"),
		  f("device") " (" f("mode") ")")
	if (!p)
		next
	c = clean(f("series"))	# the cell but its qd, mode and device (aiob-cmp)
	skey = p SUBSEP s SUBSEP c SUBSEP f("variant")
	if (!(skey in ser)) {
		ser[skey] = ++nser[p]
		stitle[p, nser[p]] = s
		sjob[p, nser[p]] = c (f("variant") > 0 ? " #" f("variant") + 1 : "")
		scol[p, nser[p]] = si
	}
	k = ser[skey]
	np = ++npt[p, k]
	px[p, k, np] = f("qd"); py[p, k, np] = f("mean"); pe[p, k, np] = f("ci")
}

what == "icount" && m == "ns_per_op" && f("mode") == "icount" {
	r = row(f("host") SUBSEP f("cell") SUBSEP f("variant"),
		f("label") (ctl ? " (control)" : ""))
	val[r, si] = f("mean"); err[r, si] = f("ci")
	if (s != base && f("pct") != "-") {
		pval[r, si] = f("pct"); perr[r, si] = f("pct_ci")
	}
}

what == "latency" && m ~ /^lat_p[0-9_]+_ns$/ {
	p = panel(f("host") SUBSEP f("cell") SUBSEP f("variant"), f("label"))
	if (!p)
		next
	pct = m; sub(/^lat_p/, "", pct); sub(/_ns$/, "", pct); sub(/_/, ".", pct)
	r = row(p SUBSEP pct, "p" pct)
	rpanel[r] = p
	val[r, si] = f("mean"); err[r, si] = f("ci")
}

what == "controls" && m == "ns_per_op" && ctl && s != base && f("pct") != "-" {
	p = panel(f("mode"), f("mode") " mode")
	if (!p)
		next
	r = row(f("host") SUBSEP f("cell") SUBSEP f("variant"), f("label"))
	rpanel[r] = p
	pval[r, si] = f("pct"); perr[r, si] = f("pct_ci")
}

# drop the words that all of a[1..n] share (what the plot title says)
function shorten(a, n,   i, j, w, k, cnt, out) {
	if (n < 2)
		return
	delete cnt
	for (i = 1; i <= n; i++) {
		k = split(a[i], w, " ")
		delete seen
		for (j = 1; j <= k; j++)
			if (!(w[j] in seen)) { seen[w[j]] = 1; cnt[w[j]]++ }
	}
	for (i = 1; i <= n; i++) {
		k = split(a[i], w, " ")
		out = ""
		for (j = 1; j <= k; j++)
			if (cnt[w[j]] < n)
				out = out (out == "" ? "" : " ") w[j]
		a[i] = out == "" ? a[i] : out
	}
}

function num(v) { return v == "" || v == "-" ? "-" : v }
function errv(v) { return v == "" || v == "-" ? 0 : v }

function array_def(name, n, vals, quote,   i, s) {
	s = "array " name "[" (n ? n : 1) "] = ["
	for (i = 1; i <= n; i++)
		s = s (i > 1 ? ", " : "") (quote ? "\"" clean(vals[i]) "\"" : vals[i])
	if (!n)
		s = s (quote ? "\"\"" : "0")
	print s "]" >meta
}

# rows x schemes table: label, then value and error per scheme in order
# (without the reference when nobase)
function table(file, v, e, first, last, nobase,   r, i, line) {
	for (r = first; r <= last; r++) {
		line = clean(rlabel[r])
		for (i = 1; i <= nscheme; i++)
			if (!nobase || sname[i] != base)
				line = line OFS num(v[r, i]) OFS ((r, i) in v ? errv(e[r, i]) : "-")
		print line >file
	}
	close(file)
}

function sort_points(p, k,   i, j, n, tx, ty, te) {
	n = npt[p, k]
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && px[p, k, j - 1] + 0 > px[p, k, j] + 0; j--) {
			tx = px[p, k, j]; px[p, k, j] = px[p, k, j - 1]; px[p, k, j - 1] = tx
			ty = py[p, k, j]; py[p, k, j] = py[p, k, j - 1]; py[p, k, j - 1] = ty
			te = pe[p, k, j]; pe[p, k, j] = pe[p, k, j - 1]; pe[p, k, j - 1] = te
		}
}

END {
	meta = dir "/" what ".meta.gp"
	printf "" >meta
	array_def("sname", nscheme, sname, 1)
	for (i = 1; i <= nscheme; i++)
		scolor[i] = i
	array_def("scolor", nscheme, scolor, 0)
	print "nscheme = " nscheme >meta
	for (k in dropped)
		ndropped++
	print "ndropped = " ndropped + 0 >meta
	for (r = 1; r <= nrow; r++)
		rlabel[r] = clean(rlabel[r])
	if (what != "latency")
		shorten(rlabel, nrow)
	for (p = 1; p <= npanel; p++)
		ptitle[p] = clean(ptitle[p])
	if (what == "latency")
		shorten(ptitle, npanel)
	if (what == "iops") {
		print "npanel = " npanel + 0 >meta
		array_def("ptitle", npanel, ptitle, 1)
		total = 0
		for (p = 1; p <= npanel; p++) {
			off[p] = total
			nsp[p] = nser[p]
			file = dir "/iops." p ".tsv"
			printf "" >file
			delete tmp
			for (k = 1; k <= nser[p]; k++)
				tmp[k] = sjob[p, k]
			shorten(tmp, nser[p])
			for (k = 1; k <= nser[p]; k++)
				sjob[p, k] = tmp[k]
			for (k = 1; k <= nser[p]; k++) {
				total++
				multi = 0
				for (j = 1; j <= nser[p]; j++)
					multi += stitle[p, j] == stitle[p, k]
				flat_t[total] = stitle[p, k] (multi > 1 ? " " sjob[p, k] : "")
				flat_c[total] = scol[p, k]
				flat_d[total] = ++dashes[p, scol[p, k]]
				sort_points(p, k)
				for (j = 1; j <= npt[p, k]; j++)
					print px[p, k, j], py[p, k, j], errv(pe[p, k, j]) >file
				print "\n" >file
			}
			close(file)
		}
		array_def("off", npanel, off, 0)
		array_def("nseries", npanel, nsp, 0)
		array_def("stitle", total, flat_t, 1)
		array_def("scol", total, flat_c, 0)
		array_def("sdash", total, flat_d, 0)
		empty = !npanel
		msg = "no IOPS with a numeric queue depth in these records"
	} else if (what == "latency" || what == "controls") {
		print "npanel = " npanel + 0 >meta
		array_def("ptitle", npanel, ptitle, 1)
		for (p = 1; p <= npanel; p++) {
			file = dir "/" what "." p ".tsv"
			first = 0
			for (r = 1; r <= nrow; r++)
				if (rpanel[r] == p) {
					if (!first) first = r
					last = r
				}
			printf "" >file
			if (what == "latency")
				table(file, val, err, first, last, 0)
			else
				table(file, pval, perr, first, last, 1)
		}
		empty = !npanel
		msg = what == "latency" ? "no latency percentiles (lat_p*_ns) in these records" : \
			"no control cells (io_uring) compared against " base " in these records"
	} else if (what == "icount") {
		table(dir "/icount.tsv", val, err, 1, nrow, 0)
		table(dir "/icount-pct.tsv", pval, perr, 1, nrow, 1)
		empty = !nrow
		msg = "no icount-mode ns_per_op in these records"
	}
	print "nrow = " nrow + 0 >meta
	nnb = 0
	for (i = 1; i <= nscheme; i++)
		if (sname[i] != base) {
			nbname[++nnb] = sname[i]
			nbcolor[nnb] = i
		}
	array_def("nbname", nnb, nbname, 1)
	array_def("nbcolor", nnb, nbcolor, 0)
	print "nnb = " nnb >meta
	print "empty = " (empty ? 1 : 0) >meta
	print "msg = \"" msg "\"" >meta
	print "base = \"" clean(base) "\"" >meta
	close(meta)
}
