# tests/lib.sh - helpers for tests/t-*.sh; sourced.
# A test is a shell script that exits 0 (pass), 1 (fail) or 77 (skip),
# printing why on failure.  Scratch space: $T (removed afterwards).
# shellcheck shell=sh
. "$(dirname "$0")/../scripts/lib.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/aiob-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
REC=$TOP/build/host/aiob-rec
export AIOB_NO_LATEST=1	# scratch runs must not repoint results/latest

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
skip() { printf 'SKIP: %s\n' "$*" >&2; exit 77; }
# expect_eq <what> <got> <want>
expect_eq() { [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"; }
# expect_match <what> <text> <extended-regex>
expect_match() { printf '%s\n' "$2" | grep -Eq -- "$3" || fail "$1: '$2' does not match /$3/"; }
# field <records> <dotted.path> : the field of every record, one per line
field() { "$REC" tsv "$1" "$2"; }
