# check/programs.sh - the suite's programs, in run order: the one list
# check-lifetime.sh, check-host.sh and the tests read (sourced; sets
# CK_PROGRAMS and CK_GUEST_ONLY).
#
# Order: the quick deterministic checks first (a mutant they catch is
# caught in seconds), then the races, then the special ones; the two
# that run 6x as long (pollclose, irqrace) last, so that every other
# program starts within two minutes of its boot and each mutant is
# caught within five minutes of it (TCG; on KVM the boot is seconds).
CK_PROGRAMS="sync badinput pollnq cancel pollrace pollfree pollmiss destroy exit fork resfd limits faultinj pollclose irqrace"
# not on a shared host (check-host.sh): ck-irqrace creates and removes
# null_blk devices; ck-faultinj runs there only on devices given with -d
CK_GUEST_ONLY="irqrace"
