#!/bin/sh
# report/synth.sh - synthetic records, for the report tests and demos.
#
# usage: report/synth.sh SCHEME CELL VALUE...
#   One record per VALUE (rep 1, 2, ...): metrics.ns_per_op = VALUE, and
#   iops, lat_p50/p90/p99/p99_9_ns derived from it; VALUE "FAIL" makes a
#   failed record (ok=false).  CELL is "job/mode=M/device=D/qd=Q/...":
#   mode, device, rw, bs and qd are taken from it (mode defaults icount).
#   Environment: SYNTH_RUN (run id, default synth), SYNTH_HOST (host
#   name, default synth-host), SYNTH_WORKLOAD (default: the cell's job),
#   SYNTH_TREE (kernel.tree; none by default).  Like bench/matrix.awk's
#   records, each carries cell_keys{} and cell_id_keys[] (CELL's keys),
#   better{} (bench/programs/common.meta's metric lines, and the
#   workload's own when it names a program) and control (that program's
#   `control` line).
set -eu
[ $# -ge 3 ] || { echo "usage: $0 SCHEME CELL VALUE..." >&2; exit 2; }
scheme=$1 cell=$2
shift 2
progs=$(dirname "$0")/../bench/programs
meta=$progs/${SYNTH_WORKLOAD:-${cell%%/*}}/meta
[ -r "$meta" ] || meta=/dev/null
printf '%s\n' "$@" | awk -v scheme="$scheme" -v cell="$cell" \
	-v run="${SYNTH_RUN:-synth}" -v host="${SYNTH_HOST:-synth-host}" \
	-v workload="${SYNTH_WORKLOAD:-}" -v tree="${SYNTH_TREE:-}" '
FILENAME != "-" && $1 == "metric" { better = better sprintf(",\"%s\":\"%s\"", $2, $4) }
FILENAME != "-" && $1 == "control" { control = $2 == "yes" ? "true" : "false" }
FILENAME != "-" { next }
FNR == 1 {
	n = split(cell, c, "/")
	job = c[1]; mode = "icount"; dev = "nullb"; rw = "randread"; bs = 4096; qd = 1
	keys = ""; ids = ""
	for (i = 2; i <= n; i++) {
		split(c[i], kv, "=")
		keys = keys sprintf(",\"%s\":%s", kv[1], kv[2] ~ /^[0-9]+$/ ? kv[2] : "\"" kv[2] "\"")
		ids = ids ",\"" kv[1] "\""
		if (kv[1] == "mode") mode = kv[2]
		if (kv[1] == "device") dev = kv[2]
		if (kv[1] == "rw") rw = kv[2]
		if (kv[1] == "bs") bs = kv[2]
		if (kv[1] == "qd") qd = kv[2]
	}
	if (workload == "") workload = job
	schema = sprintf("\"control\":%s,\"cell_keys\":{%s},\"cell_id_keys\":[%s],\"better\":{%s},",
			 control, substr(keys, 2), substr(ids, 2), substr(better, 2))
}
{
	rep = FNR
	printf "{\"run_id\":\"%s\",\"time\":\"2026-01-01T00:00:%02dZ\",\"cell\":\"%s\"," \
		"\"job\":\"%s\",\"scheme\":\"%s\",\"mode\":\"%s\",\"device\":\"%s\"," \
		"\"rw\":\"%s\",\"qd\":%d,\"bs\":%d,\"rep\":%d,\"workload\":\"%s\"," \
		"\"host\":{\"name\":\"%s\",\"kernel\":\"6.1.0\",\"cpu\":\"Synthetic CPU\"," \
		"\"qemu\":\"7.2\",\"accel\":\"tcg\"},\"kernel\":{\"release\":\"6.1.192-%s\"," \
		"\"commit\":\"0123456789abcdef\",%s\"config\":\"bench\",\"config_sha\":\"feed\"," \
		"\"patch_ids\":[]},\"topology\":\"1 package, 1 core, 1 pu, 1 numa\"," \
		"\"binding\":{\"submit\":{\"spec\":\"pu:0\",\"cpus\":\"0\"}},\"params\":{\"qd\":%d},%s",
		run, rep % 60, cell, job, scheme, mode, dev, rw, qd, bs, rep, workload,
		host, scheme, tree == "" ? "" : "\"tree\":\"" tree "\",", qd, schema
	if ($1 == "FAIL") {
		printf "\"ok\":false,\"error\":\"job exited non-zero\",\"problems\":[]}\n"
		next
	}
	v = $1 + 0
	printf "\"ok\":true,\"problems\":[],\"metrics\":{\"ns_per_op\":%.3f," \
		"\"iops\":%.3f,\"lat_p50_ns\":%.0f,\"lat_p90_ns\":%.0f,\"lat_p99_ns\":%.0f," \
		"\"lat_p99_9_ns\":%.0f}}\n", v, 1e9 / v * qd, v * 0.95, v, v * 1.2, v * 1.5
}' "$progs/common.meta" "$meta" -
