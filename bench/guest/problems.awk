# bench/guest/problems.awk - print the problem lines of a kernel log.
#
# usage: awk [-v max=N] [-v fatal=1] -f problems.awk problem-patterns LOG...
# The first file is bench/guest/problem-patterns (its grammar is in its
# header); the lines of the logs that match a pattern and no exception
# are printed, at most max of them (default: all); with fatal=1 only
# those of the fatal patterns ("*").  Runs under busybox
# awk in the guest and mawk/gawk on the host.
FNR == NR {
	if ($0 ~ /^#/ || $0 == "")
		next
	if (substr($0, 1, 1) == "!")
		ex[++nex] = substr($0, 2)
	else if (substr($0, 1, 1) == "*")
		pat[++npat] = substr($0, 2)
	else if (!fatal)
		pat[++npat] = $0
	next
}
{
	for (i = 1; i <= npat; i++) {
		if ($0 !~ pat[i])
			continue
		for (j = 1; j <= nex; j++)
			if ($0 ~ ex[j])
				next
		print
		if (max && ++n >= max)
			exit
		next
	}
}
