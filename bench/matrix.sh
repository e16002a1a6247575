#!/bin/sh
# bench/matrix.sh - check a matrix file against the programs' schemas and
# expand it into cells (bench/matrix.awk); nothing boots, nothing is
# written but FILE of -a.
#
# usage: bench/matrix.sh [-a args-file] [-x job] matrix.conf
#   stdout: one cell per line (tab-separated key=value, see matrix.awk)
#   stderr: every problem as file:line: message; exit 1 when there is one
#   -a      also write "<cell-id><TAB><aiob-rec append options>" per cell
#   -x      print job [job] alone as a matrix file (its [global] keys
#           folded in): one cell family of a file, for profile/profile.sh
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

argsout= extract=
while getopts a:x: o; do
	case $o in
	a) argsout=$OPTARG ;;
	x) extract=$OPTARG ;;
	*) die "usage: $0 [-a args-file] [-x job] matrix.conf" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || die "usage: $0 [-a args-file] [-x job] matrix.conf"
[ -r "$1" ] || die "no matrix file $1"
P=$TOP/bench/programs
metas=
for d in "$P"/*/ "$P"/.[!.]*/; do
	[ -e "$d/run" ] || continue
	[ -r "$d/meta" ] || die "${d#$TOP/}meta is missing: every program declares its keys there (bench/programs/README.md, Schema)"
	metas="$metas ${d}meta"
done
schemes=$(cd "$TOP/variants" && ls -d */ | tr -d / | tr '\n' ' ')
exec awk -f "$TOP/bench/matrix.awk" -v schemes="${schemes% }" -v argsout="$argsout" \
	-v extract="$extract" \
	"$P/common.meta" $metas "$1"
