#!/bin/sh
# The correctness programs pass on the running (host) kernel, one second
# each, judged on their own results (check/check-host.sh): fast feedback
# on the programs' expectations before any guest boots.
. "$(dirname "$0")/lib.sh"
[ -x "$TOP/build/guest/ck-run" ] || fail "no ck-run (make tools)"
[ "$(id -u)" = 0 ] || skip "not root"
[ -r /proc/sys/fs/aio-max-nr ] || skip "the host kernel has no AIO"

cd "$T"
rc=0
"$TOP/check/check-host.sh" -t 1 -o "$T/out" 2>"$T/err" || rc=$?
{ echo "AIOB-BEGIN 1"; echo "uname host"; sed 's/^/R /' "$T/out"
  echo "status $rc"; echo "AIOB-END"; } >"$T/result.txt"
"$REC" append -o "$T/rec.jsonl" -r "$T/result.txt" -s run_id=t || fail "aiob-rec append"
"$REC" tsv "$T/rec.jsonl" params.program,check.verdict,check.seconds,check.reason
# every program of the suite (check/programs.sh) but ck-faultinj, which
# needs a device (-d), and the guest-only ones
. "$TOP/check/programs.sh"
want=$(for p in $CK_PROGRAMS; do
	case " faultinj $CK_GUEST_ONLY " in *" $p "*) ;; *) echo "ck-$p" ;; esac
done | sort | tr '\n' ' ')
[ -n "$want" ] || fail "no CK_PROGRAMS in check/programs.sh"
expect_eq "programs" "$("$REC" tsv "$T/rec.jsonl" params.program | sort | tr '\n' ' ')" "$want"
bad=$("$REC" tsv "$T/rec.jsonl" params.program,check.verdict,check.reason | grep -v '	pass	' || true)
[ -z "$bad" ] || fail "on the host kernel $(uname -r): $bad"
[ $rc -eq 0 ] || fail "check-host.sh exited $rc: $(tail -n 3 "$T/err")"
# Every program really did something (its result line has its metric).
for m in sync:requests cancel:requests pollrace:requests pollfree:requests destroy:in_flight exit:rounds fork:forks \
	resfd:signals badinput:rounds pollnq:einval limits:ring_polls pollmiss:rounds pollclose:polled; do
	v=$("$REC" tsv "$T/rec.jsonl" params.program,check.result.metrics.${m#*:} |
		awk -F'\t' -v p="ck-${m%%:*}" '$1 == p { print $2 }')
	[ "${v:-0}" -gt 0 ] || fail "ck-${m%%:*}: metric ${m#*:} = '$v'"
done
