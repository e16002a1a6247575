# calib/model.awk - the cost model; a library for predict.awk and
# validate.awk (awk -f model.awk -f predict.awk ...).
#
#   dns = dinsn * insn + (datom - dxa) * atomic
#       + (dxfer - dxa) * xfer[level] + dxa * xfer_atomic[level]
#
# dinsn: instructions (atomics included, so "atomic" is a locked RMW's
# cost beyond a plain instruction); datom: atomics; dxfer: cache-line
# transfers between CPUs; dxa: the transfers an atomic made (a subset of
# both, each costing xfer_atomic in place of xfer + atomic).  The
# uncertainty is the calibration's 95 % CI half-widths h, weighted by the
# counts and added in quadrature (independent measurements, exact counts):
#   u = sqrt((dinsn h_insn)^2 + ((datom - dxa) h_atomic)^2
#            + ((dxfer - dxa) h_xfer)^2 + (dxa h_xfer_atomic)^2)
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

# predict(dinsn, datom, dxfer, dxa): the predicted delta ns; sets U.
function predict(di, da, dx, dxa,    p) {
	p = di * C["insn"] + (da - dxa) * C["atomic"] + \
	    (dx - dxa) * C["xfer"] + dxa * C["xfer_atomic"]
	U = sqrt((di * H["insn"]) ^ 2 + ((da - dxa) * H["atomic"]) ^ 2 + \
		 ((dx - dxa) * H["xfer"]) ^ 2 + (dxa * H["xfer_atomic"]) ^ 2)
	return p
}

# the model and its limits, for the report legend (prefix: "" or "> ")
function legend(pre) {
	print pre "model: dns = dinsn*insn + (datom-dxa)*atomic + (dxfer-dxa)*xfer"
	print pre "       + dxa*xfer_atomic; +- = 95 % CIs of the calibration in"
	print pre "       quadrature.  Limits: costs add up only on a serial path;"
	print pre "       out-of-order overlap hides part of an atomic amid"
	print pre "       independent work (see atomic_overlap), prefetch and a"
	print pre "       store buffer hide a transfer, contention (several CPUs"
	print pre "       on one line) costs more than one transfer."
}
