#!/bin/sh
# The single-ref scheme (variants/single-ref/LIFETIME.md).
#
# Source: the bench image was built from a fs/aio.c where the count
# starts at 1, io_submit_one() drops no submitter reference, and the
# submit pin is taken around ->read_iter/->write_iter and vfs_poll();
# every mutant applies and names its catcher.  Guest: one wall-mode boot (-smp 2) of the bench kernel runs
# each ownership path with checked results -- read completion inside
# submit_bio() (null_blk irqmode=0), polls completed inside io_submit()
# (ready), woken from the other vCPU and cancelled, and ck-sync's mix of
# requests that complete before io_submit() returns (the window where a
# submit path that touches the kiocb after hand-off goes wrong).
. "$(dirname "$0")/lib.sh"
s=single-ref
scheme_aio_c $s
# fn <name>: the body of static function <name> in $T/aio.c
fn() { awk -v f="$1" '$0 ~ "^static .*[ *]" f "\\(" { p = 1 } p { print } p && /^}/ { exit }' "$T/aio.c"; }
fn aio_get_req | grep -q 'refcount_set(&req->ki_refcnt, 1);' ||
	fail "aio_get_req() at $commit does not start ki_refcnt at 1"
fn aio_poll | grep -q 'refcount_set(&aiocb->ki_refcnt, 2);' ||
	fail "aio_poll() at $commit takes no submit pin"
for f in aio_read aio_write; do
	fn $f | grep -q 'aio_rw_pin(req);' || fail "$f() at $commit takes no submit pin"
done
[ -n "$(fn io_submit_one)" ] || fail "no io_submit_one() in fs/aio.c at $commit"
! fn io_submit_one | grep -n 'iocb_put' || fail "io_submit_one() at $commit still puts a reference"

check_mutants $s
"$TOP/kernels/branches.sh" $s >"$T/br" 2>&1 || fail "series or a mutant does not apply: $(tail -n 3 "$T/br")"
expect_eq "mutant branches" "$(grep -c "^$s--" "$T/br")" "$n"

mkdir -p "$T/job"
cat >"$T/job/run" <<'J'
#!/bin/sh
set -e
aio-rw -d "$DEV_nullb" -q 1 -n 2000 -W 100
aio-rw -d "$DEV_nullb" -q 8 -n 2000 -W 100
aio-poll -o wake=ready -n 2000 -W 100
aio-poll -o wake=write -n 1000 -W 100 -C pu:1
aio-poll -o wake=cancel -n 1000 -W 100
ck-sync -t 3 -d "$DEV_nullb"
J
chmod +x "$T/job/run"
"$TOP/bench/run-cell.sh" -m wall -p 2 -k $s -c bench -j "$T/job" -o "$T/out" -t 240 \
	>"$T/log" 2>&1 || fail "boot failed: $(tail -n 5 "$T/log" "$T/out/result.txt" 2>/dev/null)"
r=$T/out/result.txt
expect_eq "uname" "$(sed -n 's/^uname //p' "$r")" "6.1.192-$s"
st=$(sed -n 's/^status //p' "$r")
[ "$st" = 0 ] || { grep '^E ' "$r" | tail -n 5; fail "job exit status '$st'"; }
k=$(grep '^K ' "$r" || :)
[ -z "$k" ] || fail "kernel problems: $k"
expect_eq "workloads" "$(sed -n 's/^R .*"workload":"\([^"]*\)".*/\1/p' "$r" | tr '\n' ' ')" \
	"aio-rw aio-rw aio-poll aio-poll aio-poll check-sync "
! grep '^R .*"ok":false' "$r" || {
	grep '^E ' "$r" | tail -n 5
	fail "a program reported a wrong result"
}
exit 0
