# profile/cfuncs.awk - the functions a C file defines, one name a line.
#
# Kernel-style C: a top-level "... name(args) {" defines name; the
# SYSCALL_DEFINEn(name, ...) and COMPAT_SYSCALL_DEFINEn(name, ...) macros
# define the symbols the kernel gives a system call.  Comments, strings
# and preprocessor lines are skipped.  usage: awk -f cfuncs.awk file.c
BEGIN { cont = 0; src = "" }
{
	line = $0
	if (cont || line ~ /^[ \t]*#/) {	# preprocessor, with continuations
		cont = line ~ /\\$/
		next
	}
	src = src line "\n"
}
function emit(decl,    head, name, args) {
	if (decl ~ /=/ || decl !~ /\(/)
		return
	head = decl
	sub(/\(.*/, "", head)
	if (!match(head, /[A-Za-z_][A-Za-z0-9_]*[ \t\n]*$/))
		return
	name = substr(head, RSTART, RLENGTH)
	gsub(/[ \t\n]/, "", name)
	if (name ~ /^(COMPAT_)?SYSCALL_DEFINE[0-6]$/) {
		args = decl
		sub(/^[^(]*\([ \t\n]*/, "", args)
		sub(/[ \t\n]*[,)].*/, "", args)
		if (name ~ /^COMPAT/) {
			print "__x64_compat_sys_" args; print "__ia32_compat_sys_" args
			print "__se_compat_sys_" args; print "__do_compat_sys_" args
			print "compat_sys_" args
		} else {
			print "__x64_sys_" args; print "__ia32_sys_" args
			print "__se_sys_" args; print "__do_sys_" args
		}
		return
	}
	if (name !~ /^(if|for|while|switch|return|sizeof)$/)
		print name
}
END {
	n = length(src); depth = 0; decl = ""; st = ""
	for (i = 1; i <= n; i++) {
		c = substr(src, i, 1); c2 = substr(src, i, 2)
		if (st == "/*") { if (c2 == "*/") { st = ""; i++ } ; continue }
		if (st == "//") { if (c == "\n") st = ""; continue }
		if (st == "\"" || st == "'") {
			if (c == "\\") i++
			else if (c == st) st = ""
			continue
		}
		if (c2 == "/*" || c2 == "//") { st = c2; i++; continue }
		if (c == "\"" || c == "'") { st = c; continue }
		if (c == "{") {
			if (depth == 0)
				emit(decl)
			depth++
		} else if (c == "}") {
			if (--depth == 0)
				decl = ""
		} else if (depth == 0) {
			if (c == ";")
				decl = ""
			else
				decl = decl c
		}
	}
}
