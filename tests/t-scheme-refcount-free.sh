#!/bin/sh
# The refcount-free scheme: its branch really has no ki_refcnt (the state
# word ki_state instead), every mutant says what must catch it, and its
# bench kernel runs each ownership path of LIFETIME.md with correct
# results: read completion nested in ->read_iter (null_blk irqmode=0),
# read completion from softirq with the reaper on the other vCPU
# (irqmode=1, wall, -smp 2), poll completed inside io_submit (ready),
# poll woken by a write from the other vCPU, poll + io_cancel.
. "$(dirname "$0")/lib.sh"
s=refcount-free
img=$TOP/kernels/images/$s-bench
src=${KSRC:-$TOP/kernels/src}
[ -r "$img/bzImage" ] || fail "no $img (make kernels)"
[ -r "$TOP/build/initramfs.cpio" ] || fail "no initramfs (make initramfs)"

# The scheme, in the source the image was built from.
commit=$(sed -n 's/^commit=//p' "$img/info")
git -C "$src" show "$commit:fs/aio.c" >"$T/aio.c" || fail "no fs/aio.c at $commit"
! grep -n 'ki_refcnt\|refcount_' "$T/aio.c" || fail "refcount still in fs/aio.c at $commit"
for want in 'unsigned int		ki_state;' 'AIO_REQ_ISSUING' 'xchg(&iocb->ki_state' \
	'lockdep_assert_held(&iocb->ki_ctx->ctx_lock)'; do
	grep -qF "$want" "$T/aio.c" || fail "fs/aio.c at $commit lacks '$want'"
done
n=0
for m in "$TOP/variants/$s"/mutants/*.patch; do
	[ -e "$m" ] || continue
	n=$((n + 1))
	grep -q '^Caught by:' "$m" || fail "$(basename "$m"): no 'Caught by:' line"
	mn=$(basename "$m" .patch)
	[ ${#mn} -le 20 ] || fail "$mn: mutant name longer than 20 characters"
done
[ $n -ge 3 ] || fail "only $n mutants in variants/$s/mutants"

cat >"$T/m.conf" <<'M'
[global]
mode = icount
ops = 3000
warmup = 300
[rw-inline]
bench = aio-rw
device = nullb
irqmode = 0
qd = 1
[rw-softirq]
bench = aio-rw
mode = wall
smp = 2
device = nullb
irqmode = 1
qd = 8
reap_cpu = pu:1
[poll]
bench = aio-poll
wake = ready cancel
[poll-xcpu]
bench = aio-poll
mode = wall
smp = 2
wake = write
reap_cpu = pu:1
M
run=t-scheme-$s-$$
"$TOP/bench/run.sh" -m "$T/m.conf" -r "$run" -s $s >"$T/out" 2>&1 ||
	fail "run failed: $(tail "$T/out")"
R=$AIOB_RESULTS/$run/records.jsonl
expect_eq "records" "$(wc -l <"$R")" 5
bad=$(field "$R" ok,cell,error,stderr | grep -v '^true' || :)
[ -z "$bad" ] || fail "failed cells: $bad"
expect_eq "uname" "$(field "$R" uname | sort -u)" "6.1.192-$s"
expect_eq "workloads" "$(field "$R" workload,params.wake | tr '\t\n' ': ')" \
	"aio-rw:- aio-rw:- aio-poll:ready aio-poll:cancel aio-poll:write "
expect_eq "ops" "$(field "$R" metrics.ops | sort -u)" 3000
exit 0
