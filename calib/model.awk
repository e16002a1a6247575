# calib/model.awk - the cost model; a library for predict.awk and
# validate.awk (awk -f model.awk -f predict.awk ...).
#
#   dns = dinsn * insn + datom * atomic + dxfer * xfer[level]
#
# dinsn: instructions (atomics included, so "atomic" is a locked RMW's
# cost beyond a plain instruction); datom: atomics; dxfer: cache-line
# transfers between CPUs.  A transfer an atomic makes (xfer_atomics) is
# priced as a transfer: the handoff validation found it costs the same
# (calib/README.md), whatever the ping-pong's xfer_atomic says.  The
# uncertainty is the calibration's 95 % CI half-widths h, weighted by the
# counts and added in quadrature (independent measurements, exact counts):
#   u = sqrt((dinsn h_insn)^2 + (datom h_atomic)^2 + (dxfer h_xfer)^2)
# It says how well the machine is known, not how good the model is.

# load_costs(file, level): costs.tsv (term level mean ci95_half n) into
# C[term] and H[term]; xfer terms of level (default: the first listed).
# Returns the level used ("" when the file has no transfer term).
function load_costs(file, level,    l, f, n, lv) {
	lv = ""
	while ((getline l < file) > 0) {
		if (l ~ /^#/ || l == "")
			continue
		n = split(l, f, "\t")
		if (n < 4)
			continue
		if (f[2] == "-") {
			C[f[1]] = f[3]; H[f[1]] = f[4]
		} else if (level == "" ? (lv == "" || f[2] == lv) : f[2] == level) {
			lv = f[2]; C[f[1]] = f[3]; H[f[1]] = f[4]
		}
	}
	close(file)
	if (level != "" && lv == "")
		return ""
	return lv
}

# predict(dinsn, datom, dxfer): the predicted delta ns; sets U.
function predict(di, da, dx) {
	U = sqrt((di * H["insn"]) ^ 2 + (da * H["atomic"]) ^ 2 + \
		 (dx * H["xfer"]) ^ 2)
	return di * C["insn"] + da * C["atomic"] + dx * C["xfer"]
}

# the model and its limits, for the report legend: aiob-table's record
# (a paragraph, wrapped by aiob-table)
function legend() {
	print "para\tmodel: d ns = d insn * insn + d atom * atomic + d xfer * xfer;" \
		" d x-at (transfers made by atomics) are priced as transfers;" \
		" +- = the calibration's 95 % CIs in quadrature, not the model's" \
		" error.  Limits (calib/README.md): costs add up only on a" \
		" serial path.  Out-of-order overlap hides most of an atomic" \
		" amid independent work (see atomic_overlap), an atomic after" \
		" stores to lines another CPU holds waits for them (make" \
		" handoff on an EPYC VM: 2-6x less, and 1.5-4x more, than atomic);" \
		" prefetch hides transfers; contention costs more than one."
}
