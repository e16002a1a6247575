# profile/perio.awk - a plugin profile.tsv, per I/O.
#
# usage: awk -v ops=N -v aio=aio.tsv -v metrics=FILE -f perio.awk profile.tsv
# stdout: func addr insns atomics loads stores entries aio xfers
# xfer_atomics (TSV, per I/O; aio = 1 for a function of fs/aio.c, see
# aio-funcs.sh; xfers: cross-vCPU cache-line transfers, reads + writes,
# of which xfer_atomics by atomics; 0 in a one-vCPU profile or one from
# before the transfer columns).  metrics: the cell's sums per I/O,
# "metric<TAB>value":
#   insns atomics loads stores   the whole window, user space included
#   kernel_insns kernel_atomics  kernel functions only
#   aio_insns aio_atomics        functions of fs/aio.c (what they inlined
#                                included, what they call not)
#   spin_lock_calls              entries into _raw_spin_lock*
#   xfers xfer_reads xfer_writes xfer_atomics aio_xfers
#                                cache-line transfers (profile/plugin/xfer.h)
BEGIN {
	FS = OFS = "\t"
	if (ops <= 0) { print "perio.awk: ops must be > 0" > "/dev/stderr"; exit 1 }
	while ((getline l < aio) > 0) { split(l, f, "\t"); isaio[f[1]] = 1 }
}
$1 == "# windows" { windows = $2 " " $3 " " $4 }
/^#/ { next }
NF < 7 { print "perio.awk: " FILENAME ":" FNR ": bad line" > "/dev/stderr"; bad = 1; exit 1 }
{
	a = ($2 in isaio) ? 1 : 0
	x = $11 + $12
	printf "%s\t%s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%.4f\t%.4f\n", $1, $2, $3 / ops,
		$4 / ops, $5 / ops, $6 / ops, $7 / ops, a, x / ops, $13 / ops
	m["insns"] += $3; m["atomics"] += $4; m["loads"] += $5; m["stores"] += $6
	if ($1 !~ /^u:/) { m["kernel_insns"] += $3; m["kernel_atomics"] += $4 }
	if (a) { m["aio_insns"] += $3; m["aio_atomics"] += $4; m["aio_xfers"] += x; naio++ }
	m["xfers"] += x; m["xfer_reads"] += $11; m["xfer_writes"] += $12; m["xfer_atomics"] += $13
	if ($1 ~ /^_raw_spin_lock/) m["spin_lock_calls"] += $7
}
END {
	if (bad) exit 1
	if (windows != "1 1 0") {
		printf "perio.awk: %s: windows (begin end bad) = %s, want 1 1 0\n",
			FILENAME, windows > "/dev/stderr"
		exit 1
	}
	if (!naio) { print "perio.awk: " FILENAME ": no fs/aio.c function ran" > "/dev/stderr"; exit 1 }
	n = split("insns atomics loads stores kernel_insns kernel_atomics aio_insns aio_atomics " \
		"spin_lock_calls xfers xfer_reads xfer_writes xfer_atomics aio_xfers", k, " ")
	for (i = 1; i <= n; i++)
		printf "%s\t%.4f\n", k[i], m[k[i]] / ops > metrics
}
