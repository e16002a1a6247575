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
