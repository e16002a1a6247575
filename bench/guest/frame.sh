# bench/guest/frame.sh - the result frame: the one writer (sourced by the
# guest /init, as /etc/aiob/frame.sh, and by host mode) and the test for a
# complete one.  report/aiob-rec.c reads it.
# shellcheck shell=sh
#
#   AIOB-BEGIN 1
#   uname <release>            kernel that really ran
#   R <json>                   each result line the job printed
#   E <text>                   the job's stderr (last 50 lines)
#   K <text>                   kernel log lines that mean a problem
#                              (problem-patterns, at most 200)
#   status <rc>                exit status of the job
#   AIOB-END
#
# $AIOB_ETC: the directory of problem-patterns and problems.awk (the
# guest's /etc/aiob; on the host, bench/guest).
AIOB_ETC=${AIOB_ETC:-$TOP/bench/guest}

# aiob_problems <max> <log> [fatal]: the kernel-problem lines of a log
# ("-": stdin), at most <max> (0: all); with "fatal", only fatal ones
aiob_problems() {
	awk -v max="$1" -v fatal="${3:+1}" -f "$AIOB_ETC/problems.awk" \
		"$AIOB_ETC/problem-patterns" "$2"
}

# aiob_frame <status> <job-stdout> <job-stderr> <kernel-log>
aiob_frame() {
	echo "AIOB-BEGIN 1"
	echo "uname $(uname -r)"
	grep '^{' "$2" | sed 's/^/R /'
	tail -n 50 "$3" | sed 's/^/E /'
	aiob_problems 200 "$4" | sed 's/^/K /'
	echo "status $1"
	echo "AIOB-END"
}

# aiob_framed <file>: true when <file> holds a complete frame
aiob_framed() {
	grep -q '^AIOB-END' "$1" 2>/dev/null
}
