# mk/bench.mk - benchmark area: the static fio for the guest (bench/fio/).
# The C microbenchmarks (bench/*.c) are built by the Makefile's generic
# rule; this adds fio, fio's t/io_uring and their help lines.

FIO_BIN := $(BUILD)/guest/fio
GUEST_BINS += $(FIO_BIN)

# Debian's fio source, configured minimal (libaio + io_uring), static,
# stripped (~3 MB; the distro fio needs 84 MB of shared libraries).
$(FIO_BIN): bench/fio/build.sh
	@bench/fio/build.sh $@

.PHONY: fio bench-list
fio: $(FIO_BIN) ## the static guest fio (apt-get source fio; build/guest/fio)

bench-list: ## check MATRIX against bench/programs/*/meta, print its plan (dry run: writes nothing)
	@bench/run.sh -n -m $(MATRIX) -s "$(SCHEMES)"

# Host side of wall mode: QMP (bench/run-cell.sh pins the vCPU threads).
HOST_BINS += $(BUILD)/host/aiob-qmp

$(BUILD)/host/aiob-qmp: bench/host/aiob-qmp.c
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(CFLAGS) -o $@ $< -ljson-c
