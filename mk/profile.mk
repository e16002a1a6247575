# mk/profile.mk - per-function attribution of instructions and atomics
# (profile/, a QEMU TCG plugin on the icount runner).  See profile/README.md.

PROF_SO   := $(BUILD)/profile/aiob-prof.so
PROF_SRC  := $(wildcard profile/plugin/*.c)
HOST_BINS += $(PROF_SO)
GUEST_BINS += $(BUILD)/guest/prof-selftest
# PROFILE_OPS=n: measured I/Os per cell (default: profile/cells.conf)
PROFILE_OPS ?=

.PHONY: profile profile-report profile-spread

$(PROF_SO): $(PROF_SRC) $(wildcard profile/plugin/*.h)
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(CFLAGS) -fPIC -shared -fvisibility=hidden -Iprofile/plugin \
		-o $@ $(PROF_SRC)

$(BUILD)/guest/prof-selftest: profile/selftest.c $(GUEST_LIB) bench/lib/aiob.h $(UTIL_HDR)
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(CFLAGS) -static -Ibench -Ilib -o $@ $< $(GUEST_LIB) $(GUEST_LIBS) \
		2>&1 | { grep -v -e 'dlopen' -e 'components.o' || true; }

profile: tools initramfs ## per-function insns/atomics/transfers per I/O, schemes vs BASE (RUN=id)
	@profile/profile.sh $(if $(RUN),-r $(RUN)) -s "$(SCHEMES)" -b "$(BASE)" \
		$(if $(PROFILE_OPS),-o $(PROFILE_OPS))

profile-report: ## redo the report of profile run RUN (default: the newest)
	@profile/report.sh $(if $(RUN),$(AIOB_RESULTS)/$(RUN))

profile-spread: ## several profile runs side by side: mean, min, max, d vs BASE (RUNS="id1 id2")
	@[ -n "$(RUNS)" ] || { echo "usage: make profile-spread RUNS=\"<profile-run-id> ...\"" >&2; exit 2; }
	@awk -v base="$(BASE)" -f profile/spread.awk $(foreach r,$(RUNS),$(AIOB_RESULTS)/$(r)/metrics.tsv) | column -t -s "$$(printf '\t')"
