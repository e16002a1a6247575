# bench/loop.sh - the boot-and-record loop, shared by bench/run.sh,
# check/check-lifetime.sh and profile/profile.sh; sourced, never run.
# shellcheck shell=sh

# loop_id [prefix]: a new run id, the one pattern: <prefix><UTC
# yyyymmdd-hhmmss>-<host> (bench: no prefix; "check-", "profile-")
loop_id() { echo "${1:-}$(date -u +%Y%m%d-%H%M%S)-$(hostname -s 2>/dev/null || echo host)"; }
