# bench/cell.sh - a plan line's fields; sourced by bench/run.sh and
# bench/boot.sh, never run.
# shellcheck shell=sh
# A cell line is tab-separated key=value (bench/matrix.awk); a plan line
# (results/<run>/plan.tsv) is "rep<TAB>scheme<TAB>cell line".

# get <key> <line>: the value of key in a cell line
get() { printf '%s\n' "$2" | tr '\t' '\n' | sed -n "s/^$1=//p" | head -n1; }
# getd <key> <line> <default>
getd() { v=$(get "$1" "$2"); echo "${v:-$3}"; }
tab=$(printf '\t')
# plan_fields <plan line>: sets rep, scheme and c (the cell line)
plan_fields() {
	rep=${1%%"$tab"*} c=${1#*"$tab"}
	scheme=${c%%"$tab"*} c=${c#*"$tab"}
}
# boot_tag <plan line>: the boot's directory name under boots/
boot_tag() { (plan_fields "$1" && printf '%s' "$(get cell "$c").$scheme.$rep" | tr '/=' '_-'); }
