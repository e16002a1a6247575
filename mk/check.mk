# mk/check.mk - the correctness suite (issue 5): check/*.c are static
# guest programs ck-<name> (check/run.c is the in-guest runner ck-run),
# sharing check/lib; check/check-lifetime.sh boots them in the debug
# kernel of every scheme and mutant.

CK_SRC   := $(wildcard check/*.c)
CK_FIX   := check/lib/fixture.c
CK_LIB   := $(filter-out $(CK_FIX),$(wildcard check/lib/*.c)) $(UTIL_LIB)
CK_HDR   := check/lib/ck.h check/lib/fixture.h $(UTIL_HDR)
CK_BINS  := $(patsubst check/%.c,$(BUILD)/guest/ck-%,$(CK_SRC))
GUEST_BINS += $(CK_BINS)
HOST_BINS  += $(BUILD)/host/ck-report

# ck-run has a main() of its own; every other program is a fixture's body.
$(BUILD)/guest/ck-run: check/run.c $(CK_LIB) $(CK_HDR)
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(CFLAGS) -static -Icheck -Ilib -o $@ $< $(CK_LIB) -ljson-c -lpthread

$(BUILD)/guest/ck-%: check/%.c $(CK_FIX) $(CK_LIB) $(CK_HDR)
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(CFLAGS) -static -Icheck -Ilib -o $@ $< $(CK_FIX) $(CK_LIB) -ljson-c -lpthread

CK_REPORT_SRC := check/report/caught.c report/table.c
$(BUILD)/host/ck-report: check/report/ck-report.c $(CK_REPORT_SRC) check/report/caught.h \
		report/table.h $(HOST_LIBSRC) report/recio.h
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(CFLAGS) -Ireport -o $@ $< $(CK_REPORT_SRC) $(HOST_LIBSRC) -ljson-c

.PHONY: check-lifetime check-quick check-host

REPS     ?= 1
MUTANTS  ?= all
CONFIGS  ?= debug kcsan
CHECK_ID ?=

check-lifetime: tools initramfs ## correctness suite: every scheme (REPS=n) on its KASAN and KCSAN kernels (CONFIGS=), every mutant
	@check/check-lifetime.sh -s "$(SCHEMES)" -m "$(MUTANTS)" -r $(REPS) -c "$(CONFIGS)" \
		$(if $(CHECK_ID),-i $(CHECK_ID)) $(if $(CHECK_SECONDS),-t $(CHECK_SECONDS))

check-quick: tools initramfs ## short correctness run: two-refs and one mutant
	@check/check-lifetime.sh -q -s two-refs -m two-refs--refcnt-one

check-host: tools ## run the correctness programs on the running (host) kernel
	@check/check-host.sh

# check/repro/*.c: reproducers of suspected kernel bugs (check/P1-P2.md),
# static guest programs in the initramfs like the ck-* programs, but not
# ck-* programs: check-lifetime never runs them (they are expected to
# fail on every scheme; stock 6.1 is their subject).  Each has its runner
# check/repro/run-<name>.sh.
REPRO_BINS := $(patsubst check/repro/%.c,$(BUILD)/guest/%,$(wildcard check/repro/*.c))
GUEST_BINS += $(REPRO_BINS)

$(REPRO_BINS): $(BUILD)/guest/%: check/repro/%.c $(CK_LIB) $(CK_HDR)
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(CFLAGS) -static -Icheck -Ilib -o $@ $< $(CK_LIB) -ljson-c -lpthread

.PHONY: repro-p2

repro-p2: tools initramfs ## P2 reproducer: gadgetfs io_cancel() on two-refs' gadget kernel (check/P1-P2.md)
	@check/repro/run-p2.sh $(if $(KNAME),-k $(KNAME))
