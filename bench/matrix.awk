# bench/matrix.awk - validate a matrix file against the programs' schemas
# and expand it into cells, one per line.  Run it through bench/matrix.sh.
#
# usage: awk -f matrix.awk -v schemes="s1 s2" [-v argsout=FILE] [-v extract=JOB]
#            common.meta programs/<p>/meta... matrix.conf
# With extract, print instead job JOB alone as a matrix file of its own
# (its [global] keys folded in, comments gone; the whole file is checked).
#
# Matrix grammar (fio/ini-like): "[section]" starts a job; "key = v1 v2 ..."
# sets a key; "[global]" sets defaults for every job (a global key applies
# to the jobs whose program has it).  A key with several values multiplies
# the job into one cell per value (cartesian product over all keys),
# except the run-wide keys (role "run": schemes, reps, ...).  Comments
# start with #.  Every key and value is checked against the schemas
# (bench/programs/README.md, "Schema"); every problem is reported, as
# file:line: message, sorted by line, and then the exit status is 1 and
# nothing is printed on stdout.
#
# Output: tab-separated key=value fields, first "job=<section>",
# "cell=<id>", then the keys that are always in the id (mode), then the
# keys the matrix set, one line per cell.  With argsout, also one line per
# cell "<cell-id><TAB><aiob-rec append options>" giving the record its
# cell_keys{} (typed by the schema) and its control flag.
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
function err(file, line, msg,    key) {
	key = file ":" line ": " msg
	if (key in errseen) return
	errseen[key] = 1; nerr++; eline[nerr] = line + 0; etext[nerr] = key
}
function warn(msg) { if (!(msg in warned)) { warned[msg] = 1; wtext[++nwarn] = "matrix: " msg } }
function words(s, a) { return split(trim(s), a, /[ \t]+/) }

# ---- schema files ----
FILENAME != ARGV[ARGC - 1] {
	if (FNR == 1) {
		prog = ""
		if (FILENAME ~ /\/meta$/) {
			prog = FILENAME; sub(/\/meta$/, "", prog); sub(/.*\//, "", prog)
			isprog[prog] = 1; proglist = proglist (proglist == "" ? "" : " ") prog
		}
	}
	sub(/#.*/, "")
	if ($0 ~ /^[ \t]*$/) next
	if ($1 == "key" && NF >= 7 && $6 ~ /^(id\+?|val|run)$/ && $3 ~ /^(int|enum|re)$/) {
		if ((prog, $2) in ktype) serr("key " $2 " declared twice")
		ktype[prog, $2] = $3; krange[prog, $2] = $4; kdef[prog, $2] = $5; krole[prog, $2] = $6
		if (prog != "") pkeys[prog] = pkeys[prog] " " $2
		else common = common " " $2
		anykey[$2] = 1
	} else if ($1 == "cellid" && prog == "") {
		for (i = 2; i <= NF; i++) cidorder[++ncid] = $i
	} else if ($1 == "refuse" && NF >= 3) {
		nref++; rprog[nref] = prog; rcond[nref] = ""; rwhy[nref] = ""
		for (i = 2; i <= NF; i++) {
			if (rwhy[nref] == "" && $i ~ /^[a-z_0-9]+(=|!=|~)/) rcond[nref] = rcond[nref] " " $i
			else rwhy[nref] = rwhy[nref] (rwhy[nref] == "" ? "" : " ") $i
		}
		if (rcond[nref] == "" || rwhy[nref] == "") serr("refuse <key>=<value>... <reason>")
	} else if ($1 == "metric" && NF >= 4 && $4 ~ /^(lower|higher|none)$/) {
		mdecl[prog] = mdecl[prog] " " $2 "=" $4
	} else if ($1 == "control" && NF == 2 && $2 ~ /^(yes|no)$/) {
		control[prog] = $2
	} else if ($1 == "control-when" && NF == 2 && $2 ~ /^[a-z_0-9]+=/) {
		ctlwhen[prog] = $2
	} else {
		serr("bad schema line (see bench/programs/README.md, Schema)")
	}
	next
}
function serr(msg) { printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"; schemabad = 1 }

# ---- the matrix ----
FNR == 1 { mfile = FILENAME; sec = "" }
# (mawk's regex trimming is quadratic in a line's blanks: fuzzing found
# 30 KB lines taking 17 s; no matrix needs such a line)
length($0) > 4096 { err(mfile, FNR, "line of " length($0) " characters (at most 4096)"); next }
{ sub(/#.*/, ""); line = trim($0) }
line == "" { next }
line ~ /^\[[A-Za-z0-9_.+-]+\]$/ {
	sec = substr(line, 2, length(line) - 2)
	if (sec in secline) err(mfile, FNR, "job [" sec "] already defined at line " secline[sec])
	else secline[sec] = FNR
	if (sec != "" && sec != "global" && !(sec in seen)) { seen[sec] = 1; order[++nsec] = sec }
	next
}
line ~ /^\[/ { err(mfile, FNR, "bad section name " line " (letters, digits, _ . + -)"); next }
{
	eq = index(line, "=")
	if (!eq) { err(mfile, FNR, "expected key = value, got '" line "'"); next }
	if (sec == "") { err(mfile, FNR, "key outside any [section]"); next }
	k = trim(substr(line, 1, eq - 1)); v = trim(substr(line, eq + 1))
	if (k !~ /^[a-z_][a-z0-9_]*$/) { err(mfile, FNR, "bad key '" k "'"); next }
	if (v == "") { err(mfile, FNR, "empty value for " k); next }
	if (!((sec, k) in val)) keys[sec] = keys[sec] " " k
	val[sec, k] = v; kline[sec, k] = FNR	# set again: the last one wins
}

# schema of key k for program p: the program's own declaration wins
function sk(p, k) { return ((p, k) in ktype) ? p : (("", k) in ktype) ? "" : "?" }
function setof(p, k,    r) {
	r = krange[p, k]
	if (r == "@programs") return proglist
	if (r == "@schemes") return schemes " all"
	gsub(/\|/, " ", r); return r
}
# "" when every word of v is a valid value of k, else why not
function badval(p, k, v,    w, n, i, t, r, lo, hi, st, set, x) {
	t = ktype[p, k]; r = krange[p, k]
	n = words(v, w)
	if (krole[p, k] == "run" && t == "int" && n > 1) return "takes one value"
	for (i = 1; i <= n; i++) {
		x = w[i]
		if (t == "int") {
			if (x !~ /^-?[0-9]+$/) return "'" x "' is not an integer"
			lo = r; sub(/\.\..*/, "", lo); hi = r; sub(/.*\.\./, "", hi)
			st = hi; if (!sub(/.*\//, "", st)) st = ""; sub(/\/.*/, "", hi)
			if ((lo != "" && x + 0 < lo + 0) || (hi != "" && x + 0 > hi + 0))
				return x " is out of range " lo ".." hi
			if (st != "" && x % st) return x " is not a multiple of " st
		} else if (t == "enum") {
			set = setof(p, k)
			if (index(" " set " ", " " x " ") == 0) return "'" x "' is not one of: " set
		} else if (t == "re" && x !~ r) {
			return "'" x "' does not match " r
		}
	}
	return ""
}
# line where job s got key k (its own, else the global one)
function where(s, k) { return ((s, k) in kline) ? kline[s, k] : ((("global", k) in kline) ? kline["global", k] : secline[s]) }

END {
	if (schemabad) exit 2
	# keys set in [global] that no schema knows
	nk = words(keys["global"], kl)
	for (j = 1; j <= nk; j++)
		if (!(kl[j] in anykey))
			err(mfile, kline["global", kl[j]], "unknown key '" kl[j] "' (keys:" common ", and the programs' own in bench/programs/*/meta)")
	if (!nsec) err(mfile, FNR, "no jobs ([section] with bench = <program>)")
	for (i = 1; i <= nsec; i++) job(order[i])
	if (nerr) {
		for (i = 2; i <= nerr; i++)	# insertion sort by line, stable
			for (j = i; j > 1 && eline[j - 1] > eline[j]; j--) {
				t = eline[j]; eline[j] = eline[j - 1]; eline[j - 1] = t
				t = etext[j]; etext[j] = etext[j - 1]; etext[j - 1] = t
			}
		for (i = 1; i <= nerr; i++) print etext[i] > "/dev/stderr"
		printf "%s: %d problem%s; nothing was run\n", mfile, nerr, (nerr > 1 ? "s" : "") > "/dev/stderr"
		exit 1
	}
	for (i = 1; i <= nwarn; i++) print wtext[i] > "/dev/stderr"
	if (extract != "") {	# one job as a matrix of its own
		if (!(extract in xjob)) {
			printf "%s: no job [%s] (jobs:", mfile, extract > "/dev/stderr"
			for (i = 1; i <= nsec; i++) printf " %s", order[i] > "/dev/stderr"
			print ")" > "/dev/stderr"
			exit 1
		}
		printf "%s", xjob[extract]
		exit 0
	}
	for (i = 1; i <= nout; i++) print out[i]
	if (argsout != "") for (i = 1; i <= nout; i++) print outargs[i] > argsout
}

# validate job s, then expand it into out[]
function job(s,    p, nk, kl, j, k, ps, why, n, ok0) {
	p = ((s, "bench") in val) ? val[s, "bench"] : val["global", "bench"]
	if (p == "") { err(mfile, secline[s], "[" s "] has no bench = <program> (programs: " proglist ")"); return }
	if (words(p, kl) > 1) { err(mfile, where(s, "bench"), "[" s "] bench = " p ": one program per job"); return }
	if (!(p in isprog)) {
		err(mfile, where(s, "bench"), "[" s "] bench = " p ": unknown program (programs: " proglist ")")
		return
	}
	# the job's keys, in the order global then own (the order of the
	# cell's fields and of its job's environment); own values win
	delete cur; n = 0; ok0 = nerr
	nk = words(keys["global"] " " keys[s], kl)
	for (j = 1; j <= nk; j++) {
		k = kl[j]
		if (k in cur) continue
		if (sk(p, k) == "?") {
			if ((s, k) in kline)
				err(mfile, kline[s, k], "[" s "] unknown key '" k "' for " p " (its keys:" pkeys[p] ", and the common ones: bench/programs/common.meta)")
			continue
		}
		cur[k] = ((s, k) in val) ? val[s, k] : val["global", k]; kk[++n] = k
	}
	for (j = 1; j <= n; j++) {
		k = kk[j]; ps = sk(p, k)
		why = badval(ps, k, cur[k])
		if (why != "") err(mfile, where(s, k), k " = " cur[k] ": " why (((s, k) in kline) || ps == "" ? "" : " (for [" s "], " p ")"))
	}
	if (s == extract) {
		xjob[s] = "[" s "]\n"
		for (j = 1; j <= n; j++) xjob[s] = xjob[s] kk[j] " = " cur[kk[j]] "\n"
	}
	# keys the program needs
	for (k in anykey) {
		ps = sk(p, k)
		if (ps != "?" && kdef[ps, k] == "!" && !(k in cur))
			err(mfile, secline[s], "[" s "] " p " needs " k " = <" (ktype[ps, k] == "enum" ? setof(ps, k) : ktype[ps, k]) ">")
	}
	# id+ keys are always set
	for (k in anykey) {
		ps = sk(p, k)
		if (ps != "?" && krole[ps, k] == "id+" && !(k in cur)) { cur[k] = kdef[ps, k]; kk[++n] = k }
	}
	jp = p; jn = n; jcells = 0; jrefused = 0; jwhy = ""
	expand(s, 1, "")
	if (jcells == 0 && jrefused)
		err(mfile, jline, "[" s "] every cell is refused: " jwhy)
}

# recursive cartesian product over kk[1..jn]
function expand(s, j, acc,    vals, m, x, k, ps) {
	if (j > jn) { emit(s, acc); return }
	k = kk[j]; ps = sk(jp, k)
	if (krole[ps, k] == "run") { expand(s, j + 1, acc "\t" k "=" cur[k]); return }
	m = words(cur[k], vals)
	for (x = 1; x <= m; x++) expand(s, j + 1, acc "\t" k "=" vals[x])
}

# value of k in cell c (its default when unset)
function cv(c, k,    ps) {
	if (k in c) return c[k]
	ps = sk(jp, k)
	return (ps == "?" || kdef[ps, k] == "-" || kdef[ps, k] == "!") ? "" : kdef[ps, k]
}
# "" unless refuse rule r matches cell c
function refused(c, r,    n, w, i, k, op, v, x, at) {
	n = words(rcond[r], w)
	for (i = 1; i <= n; i++) {
		match(w[i], /(!=|=|~)/)
		k = substr(w[i], 1, RSTART - 1); op = substr(w[i], RSTART, RLENGTH); v = substr(w[i], RSTART + RLENGTH)
		x = cv(c, k)
		if (op == "=" && x != v) return ""
		if (op == "!=" && x == v) return ""
		if (op == "~" && x !~ v) return ""
	}
	return rwhy[r]
}

function q(s) { gsub(/'/, "'\\''", s); return "'" s "'" }
# ckarg(prog, key, value): the aiob-rec option setting cell_keys.<key>
function ckarg(p, k, v) { return " " (ktype[sk(p, k), k] == "int" ? "-n " : "-s ") q("cell_keys." k "=" v) }

# " k1 k2 ": the keys refuse rule r looks at
function condkeys(r,    n, w, i, ks) {
	n = words(rcond[r], w); ks = " "
	for (i = 1; i <= n; i++) { match(w[i], /(!=|=|~)/); ks = ks substr(w[i], 1, RSTART - 1) " " }
	return ks
}
function emit(s, acc,    f, nf, n, i, r, kv, id, c, k, ps, why, skip, ck, which, line, args, ctl, cw, idk, ik) {
	delete c
	nf = split(substr(acc, 2), f, "\t")
	for (i = 1; i <= nf; i++) { kv = index(f[i], "="); c[substr(f[i], 1, kv - 1)] = substr(f[i], kv + 1) }
	for (r = 1; r <= nref; r++) {
		if (rprog[r] != "" && rprog[r] != jp) continue
		why = refused(c, r)
		if (why == "") continue
		jrefused++
		ck = condkeys(r)
		if (jwhy == "") {
			# the line of a key of the rule: the job's own, else a global one
			jwhy = why; jline = 0
			n = split(trim(ck), skip, " ")
			for (i = 1; i <= n && !jline; i++) if ((s, skip[i]) in kline) jline = kline[s, skip[i]]
			for (i = 1; i <= n && !jline; i++) if (("global", skip[i]) in kline) jline = kline["global", skip[i]]
			if (!jline) jline = secline[s]
		}
		which = ""
		for (i = 1; i <= nf; i++) if (index(ck, " " substr(f[i], 1, index(f[i], "=") - 1) " ")) which = which " " f[i]
		warn("skipping [" s "]" which ": " why)
		return
	}
	jcells++
	# the id: job, the cellid keys, the other id keys (the program's,
	# then the common ones), then every other key that has several
	# values in this job
	id = s
	delete inid
	idk = ""
	for (i = 1; i <= ncid; i++) {
		k = cidorder[i]; ps = sk(jp, k)
		if (ps != "?" && krole[ps, k] ~ /^id/ && (k in c)) { id = id "/" k "=" c[k]; inid[k] = 1; idk = idk "," k }
	}
	nk = words(pkeys[jp] " " common, f)
	for (i = 1; i <= nk; i++)
		if (krole[sk(jp, f[i]), f[i]] ~ /^id/ && (f[i] in c) && !(f[i] in inid)) { id = id "/" f[i] "=" c[f[i]]; inid[f[i]] = 1; idk = idk "," f[i] }
	nf = split(substr(acc, 2), f, "\t")
	for (i = 1; i <= nf; i++) {
		k = substr(f[i], 1, index(f[i], "=") - 1); ps = sk(jp, k)
		if (!(k in inid) && krole[ps, k] != "run" && cur[k] ~ /[ \t]/) { id = id "/" f[i]; inid[k] = 1; idk = idk "," k }
	}
	line = "job=" s "\tcell=" id
	for (i = 1; i <= nf; i++) {
		k = substr(f[i], 1, index(f[i], "=") - 1); ps = sk(jp, k)
		if (krole[ps, k] == "id+") line = line "\t" f[i]
	}
	# cell_keys{}: the id's keys first, in the id's order (report/ labels
	# cells with them, in cell_id_keys' order), then the other keys set
	args = ""
	n = split(substr(idk, 2), ik, ",")
	for (i = 1; i <= n; i++) args = args ckarg(jp, ik[i], c[ik[i]])
	for (i = 1; i <= nf; i++) {
		k = substr(f[i], 1, index(f[i], "=") - 1); ps = sk(jp, k)
		if (krole[ps, k] != "id+") line = line "\t" f[i]
		if (krole[ps, k] != "run" && !(k in inid)) args = args ckarg(jp, k, c[k])
	}
	args = args " -a " q("cell_id_keys=" substr(idk, 2))
	# every metric the program declares, with which way is better
	n = split(mdecl[""] " " mdecl[jp], ik, " ")
	for (i = 1; i <= n; i++) args = args " -s " q("better." ik[i])
	ctl = control[jp] == "yes"
	if (jp in ctlwhen) { cw = ctlwhen[jp]; kv = index(cw, "="); if (cv(c, substr(cw, 1, kv - 1)) == substr(cw, kv + 1)) ctl = 1 }
	out[++nout] = line
	outargs[nout] = id "\t-b control=" (ctl ? "true" : "false") args
}
