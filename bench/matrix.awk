# bench/matrix.awk - expand a matrix file into cells, one per line.
#
# Grammar (fio/ini-like): "[section]" starts a job; "key = v1 v2 ..." sets a
# key; "[global]" sets defaults for every job.  A key with several values
# multiplies the job into one cell per value (cartesian product over all
# keys), except the run-wide keys schemes and reps.  Comments start with #.
#
# Output: tab-separated key=value fields, first "job=<section>" and
# "cell=<id>", one line per cell.  Errors go to stderr with file:line.
function err(msg) { printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"; bad = 1 }
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
BEGIN { nsec = 0; sec = "" }
{ sub(/#.*/, ""); line = trim($0) }
line == "" { next }
line ~ /^\[[A-Za-z0-9_.+-]+\]$/ {
	sec = substr(line, 2, length(line) - 2)
	if (sec != "global") {
		if (sec in seen) err("job [" sec "] defined twice")
		seen[sec] = 1; order[++nsec] = sec
	}
	next
}
line ~ /^\[/ { err("bad section name: " line); next }
{
	eq = index(line, "=")
	if (!eq) { err("expected key = value"); next }
	if (sec == "") { err("key outside any [section]"); next }
	k = trim(substr(line, 1, eq - 1)); v = trim(substr(line, eq + 1))
	if (k !~ /^[a-z_][a-z0-9_]*$/) { err("bad key '" k "'"); next }
	if (v == "") { err("empty value for " k); next }
	val[sec, k] = v
	if (!((sec, k) in isset)) { isset[sec, k] = 1; keys[sec] = keys[sec] " " k }
}
END {
	if (bad) exit 1
	if (!nsec) { printf "%s: no jobs\n", FILENAME > "/dev/stderr"; exit 1 }
	for (i = 1; i <= nsec; i++) {
		s = order[i]
		# merge global defaults under the job's own keys
		nk = split(trim(keys["global"] " " keys[s]), kl, " ")
		delete cur; n = 0
		for (j = 1; j <= nk; j++) {
			k = kl[j]
			if (k in cur) continue
			cur[k] = ((s, k) in val) ? val[s, k] : val["global", k]
			kk[++n] = k
		}
		if (!("bench" in cur)) {
			printf "%s: job [%s] has no bench = <program>\n", FILENAME, s > "/dev/stderr"
			exit 1
		}
		expand(s, 1, n, "")
	}
}
# recursive cartesian product over kk[1..n]
function expand(s, j, n, acc,    vals, m, x, k) {
	if (j > n) { emit(s, acc); return }
	k = kk[j]
	if (k == "schemes" || k == "reps") { expand(s, j + 1, n, acc "\t" k "=" cur[k]); return }
	m = split(cur[k], vals, /[ \t]+/)
	for (x = 1; x <= m; x++) expand(s, j + 1, n, acc "\t" k "=" vals[x])
}
function emit(s, acc,    f, nf, i, kv, id, c, dims, nd, k) {
	delete c
	nf = split(substr(acc, 2), f, "\t")
	for (i = 1; i <= nf; i++) { kv = index(f[i], "="); c[substr(f[i], 1, kv - 1)] = substr(f[i], kv + 1) }
	if (!("mode" in c)) c["mode"] = "icount"
	if (c["mode"] == "icount" && ("device" in c) && c["device"] == "nvme" && c["nondeterministic_ok"] != "1") {
		if (!warned[s]++)
			printf "matrix: skipping [%s] device=nvme mode=icount: QEMU's emulated NVMe completes on host timers, so icount time is not deterministic for it (design.md 3); use mode=wall\n", s > "/dev/stderr"
		return
	}
	id = s
	nd = split("mode device rw bs qd opts cpu reap_cpu smp irqmode queue_mode wake engine fiojob", dims, " ")
	for (i = 1; i <= nd; i++) { isdim[dims[i]] = 1; if (dims[i] in c) id = id "/" dims[i] "=" c[dims[i]] }
	# any other key with several values must tell the job's cells apart too
	for (i = 1; i <= nf; i++) {
		kv = index(f[i], "="); k = substr(f[i], 1, kv - 1)
		if (!(k in isdim) && k != "schemes" && k != "reps" && cur[k] ~ /[ \t]/) id = id "/" f[i]
	}
	printf "job=%s\tcell=%s\tmode=%s", s, id, c["mode"]
	for (i = 1; i <= nf; i++) if (substr(f[i], 1, 5) != "mode=") printf "\t%s", f[i]
	printf "\n"
}
