# scripts/lib.sh - shared shell helpers; sourced, never run.
# shellcheck shell=sh
if [ -z "${TOP:-}" ]; then
	TOP=$(cd "$(dirname "$0")" && pwd)
	while [ "$TOP" != / ] && [ ! -f "$TOP/scripts/lib.sh" ]; do
		TOP=$(dirname "$TOP")
	done
fi
export TOP

say() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }
# The results root: a run's directory is $AIOB_RESULTS/<run-id>, and a
# record's boot_dir is relative to it.  Tests point it at their scratch
# directory (tests/lib.sh); every writer and reader of runs uses it.
AIOB_RESULTS=${AIOB_RESULTS:-$TOP/results}
export AIOB_RESULTS
# boot_path <run-dir> <boot_dir>: where a record's boot directory is
# (boot_dir is relative to its run; older runs': "results/<run>/boots/..")
boot_path() { echo "$1/boots/${2#*boots/}"; }
