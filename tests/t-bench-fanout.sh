#!/bin/sh
# make bench HOSTS=: a small icount matrix fanned out (bench/fanout.sh)
# over two ssh logins to a private sshd on this machine, each with its
# own working directory (so they behave as two hosts), plus ":".  The
# merged records must equal a single-machine run of the same cells
# exactly (every metric of every cell, scheme and rep), name the host
# that ran each boot, and come from more than one host; a second fan-out
# ships nothing (same content hashes); a driver killed after its first
# record resumes without running a recorded boot again, and its guests
# stop with it.  1 cell x 2 schemes x 2 reps, ~10 boots in all: ~5.5 min
# on a 2-core box at load average ~20 (other jobs), where a boot took
# 30-55 s instead of ~8 s.
. "$(dirname "$0")/lib.sh"
[ -x /usr/sbin/sshd ] && command -v ssh >/dev/null && command -v parallel >/dev/null ||
	skip "needs sshd, ssh and GNU parallel: make deps (apt-get install openssh-server openssh-client parallel)"
[ "$(id -u)" = 0 ] || skip "starts sshd with its own config: run as root"
for s in two-refs single-ref; do
	[ -r "$TOP/kernels/images/$s-bench/bzImage" ] || fail "no $s bench kernel (make kernels)"
done
[ -r "$TOP/build/initramfs.cpio" ] && [ -x "$TOP/build/host/aiob-rec" ] || fail "no initramfs or tools (make tools initramfs)"

# The private sshd: own host key, a generated user key, loopback only
# (127.0.0.1 and 127.0.0.2: two host names, two working directories).
ssh-keygen -q -t ed25519 -N '' -f "$T/hostkey" && ssh-keygen -q -t ed25519 -N '' -f "$T/key" ||
	fail "ssh-keygen failed"
cp "$T/key.pub" "$T/authorized_keys"
mkdir -p /run/sshd	# sshd's privilege separation directory
port=
for p in $(awk -v s=$$ 'BEGIN { srand(s); for (i = 0; i < 8; i++) print 20000 + int(rand() * 40000) }'); do
	cat >"$T/sshd_config" <<EOF
Port $p
ListenAddress 127.0.0.1
ListenAddress 127.0.0.2
HostKey $T/hostkey
PidFile $T/sshd.pid
AuthorizedKeysFile $T/authorized_keys
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
EOF
	/usr/sbin/sshd -f "$T/sshd_config" -E "$T/sshd.log" || continue
	sleep 0.5
	[ -s "$T/sshd.pid" ] && port=$p && break
done
[ -n "$port" ] || fail "sshd did not start: $(tail -n 3 "$T/sshd.log")"
run=t-fanout-$$ one=t-fanout1-$$
cleanup() {
	kill "$(cat "$T/sshd.pid")" 2>/dev/null
	rm -rf "$T" "$AIOB_RESULTS/$run" "$AIOB_RESULTS/$one"
}
trap cleanup EXIT
ssh="ssh -p $port -i $T/key -o StrictHostKeyChecking=no -o UserKnownHostsFile=$T/known_hosts -o BatchMode=yes -o LogLevel=ERROR"
$ssh root@127.0.0.2 true || fail "cannot log in to the private sshd: $(tail -n 3 "$T/sshd.log")"
printf '1/%s root@127.0.0.1\n1/%s root@127.0.0.2\n1/:\n' "$ssh" "$ssh" >"$T/hosts"
export AIOB_FANOUT_DIR=$T/remote

poll_matrix "$T/m.conf" icount 2 2000 120
set -- -m "$T/m.conf" -s "two-refs single-ref"
t0=$(date +%s)
"$TOP/bench/run.sh" "$@" -r "$one" >"$T/one.out" 2>&1 || fail "single-machine run: $(tail -n 5 "$T/one.out")"
t1=$(date +%s)

# The fan-out, killed (its whole session) once it has recorded a boot.
R=$AIOB_RESULTS/$run/records.jsonl
setsid "$TOP/bench/run.sh" "$@" -r "$run" -H "$T/hosts" >"$T/fan1.out" 2>&1 &
pid=$!
while [ "$(cat "$R" 2>/dev/null | wc -l)" -lt 1 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
/bin/kill -TERM -- "-$pid" 2>/dev/null || fail "the fan-out ended before it could be killed: $(tail -n 5 "$T/fan1.out")"
wait "$pid" && fail "the killed fan-out exited 0"
cat "$T/fan1.out"
# its guests, here and on the "hosts", stop with it (parallel's --termseq)
i=0
while pgrep -f "qemu-system.*/$run/" >/dev/null; do
	sleep 1; i=$((i + 1))
	[ $i -lt 15 ] || fail "guests of the killed fan-out still run: $(pgrep -af "qemu-system.*/$run/")"
done
k=$(wc -l <"$R")
[ "$k" -ge 1 ] && [ "$k" -lt 4 ] || fail "$k records before the resume, want 1..3"
cp "$R" "$T/before.jsonl"
t2=$(date +%s)
"$TOP/bench/run.sh" "$@" -r "$run" -H "$T/hosts" >"$T/fan2.out" 2>&1 || fail "resume: $(tail -n 5 "$T/fan2.out")"
t3=$(date +%s)
cat "$T/fan2.out"
echo "single machine $((t1 - t0))s; fan-out killed after $k records, resumed in $((t3 - t2))s"

expect_eq "records" "$(wc -l <"$R")" 4
expect_eq "each boot once" "$(field "$R" boot_dir | sort | uniq -d)" ""
head -n "$k" "$R" | cmp -s - "$T/before.jsonl" || fail "records written before the kill changed"
expect_eq "boots run by the resume" "$(grep -c '^\[[0-9]*/4\]' "$T/fan2.out")" $((4 - k))
expect_match "a second fan-out ships nothing" "$(cat "$T/fan2.out")" "127.0.0.1: shipped 0 of"
# The same numbers, whichever host ran a boot.
metrics() { "$REC" tsv "$1" cell,scheme,rep,ok,metrics | LC_ALL=C sort; }
expect_eq "metrics read" "$(metrics "$R" | grep -c ns_per_op)" 4
expect_eq "merged metrics = single machine" "$(metrics "$R")" "$(metrics "$AIOB_RESULTS/$one/records.jsonl")"
expect_eq "all ok" "$(field "$R" ok | sort -u)" true
hosts=$(field "$R" host.login | sort -u | tr '\n' ' ')
expect_match "host of each boot" "$hosts" '^(:|127\.0\.0\.[12])( (:|127\.0\.0\.[12]))+ $'
# The two hosts booted in their own directories, from their own copies.
for h in 127.0.0.1 127.0.0.2; do
	[ -d "$T/remote/$h/runs/$run" ] || fail "no working directory for $h"
done
# The report takes the merged records as one comparison per cell.
"$CMP" compare -b two-refs "$AIOB_RESULTS/$run" >"$T/cmp.out" 2>&1 || fail "compare: $(cat "$T/cmp.out")"
expect_match "one comparison, 2 reps" "$(cat "$T/cmp.out")" '^single-ref +2 '
