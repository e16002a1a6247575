# report/simrec.awk - simulated runs of records, for the tests of the
# statistics (false alarms, power, coverage).  Deterministic: awk's own
# PRNG from a fixed seed, normal values by Box-Muller.
#
# usage: awk -f report/simrec.awk -v seed=S -v runs=R -v cells=C -v reps=N \
#            -v cv=CV [-v mode=wall] [-v change=PCT] [-v changed=K] \
#            [-v mean=1000] -v out=DIR
#   Writes DIR/run<i>.jsonl, i = 1..R: C cells "sim<k>/mode=MODE", each
#   with N reps of two-refs and of new, ns_per_op ~ mean * (1 + CV z);
#   new's mean is PCT % higher in the first K cells (default: none).
#   Records carry the schema's fields as bench/matrix.awk writes them:
#   cell_keys{mode}, control false, better{} from bench/programs/common.meta
#   (-v meta=FILE; default bench/programs/common.meta, from the top).
function normal(   u, v) {
	if (have) { have = 0; return spare }
	do u = rand(); while (u == 0)
	v = rand()
	spare = sqrt(-2 * log(u)) * sin(6.283185307179586 * v)
	have = 1
	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v)
}
function rec(f, r, k, scheme, rep, v) {
	printf "{\"run_id\":\"sim%d\",\"workload\":\"sim\",\"job\":\"sim%d\",\"cell\":\"sim%d/mode=%s\"," \
		"\"scheme\":\"%s\",\"mode\":\"%s\",\"rep\":%d,\"ok\":true,%s" \
		"\"metrics\":{\"ns_per_op\":%.4f}}\n", r, k, k, mode, scheme, mode, rep, schema, v >f
}
BEGIN {
	srand(seed)
	if (mode == "") mode = "wall"
	if (meta == "") meta = "bench/programs/common.meta"
	while ((getline line < meta) > 0) {
		split(line, w, /[ \t]+/)
		if (w[1] == "metric") better = better sprintf(",\"%s\":\"%s\"", w[2], w[4])
	}
	if (better == "") { print "simrec.awk: no metric lines in " meta > "/dev/stderr"; exit 2 }
	schema = sprintf("\"control\":false,\"cell_keys\":{\"mode\":\"%s\"},\"cell_id_keys\":[\"mode\"]," \
			 "\"better\":{%s},", mode, substr(better, 2))
	if (mean == "") mean = 1000
	for (r = 1; r <= runs; r++) {
		f = out "/run" r ".jsonl"
		for (k = 1; k <= cells; k++) {
			m = mean * (k <= changed ? 1 + change / 100 : 1)
			for (i = 1; i <= reps; i++)
				rec(f, r, k, "two-refs", i, mean * (1 + cv * normal()))
			for (i = 1; i <= reps; i++)
				rec(f, r, k, "new", i, m * (1 + cv * normal()))
		}
		close(f)
	}
}
