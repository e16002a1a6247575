# aiorefbench - build, boot and benchmark Linux AIO kiocb lifetime schemes.
# `make help` lists the targets.  Pipeline: variants/ -> kernels/ -> bench/
# -> results/ -> plot/.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:

TOP     := $(abspath .)
BUILD   := $(TOP)/build
SCHEMES ?= $(notdir $(patsubst %/,%,$(wildcard variants/*/)))
MATRIX  ?= bench/matrix.conf
RUN     ?=
# where runs go and are read (scripts/lib.sh); tests point it elsewhere
AIOB_RESULTS ?= $(TOP)/results
export AIOB_RESULTS
export KSRC

CC      ?= gcc
CFLAGS  ?= -O2 -g
WFLAGS  := -std=c11 -Wall -Wextra -Werror
GUEST_LIBS := -laio -luring -lhwloc -ljson-c -lm -lpthread
HOST_LIBS  := -ljson-c -lgsl -lgslcblas -lm

# Guest tools: every bench/*.c is one static program, sharing bench/lib,
# which builds on lib/ (the utilities every guest program shares: also
# check/'s ck-* programs).
BENCH_SRC  := $(wildcard bench/*.c)
UTIL_LIB   := lib/guest.c
UTIL_HDR   := lib/guest.h
GUEST_LIB  := bench/lib/aiob.c bench/lib/bind.c bench/lib/udev-stub.c $(UTIL_LIB)
GUEST_BINS := $(patsubst bench/%.c,$(BUILD)/guest/%,$(BENCH_SRC))
# Host tools: report/*.c with a main, sharing report/recio.c.
HOST_LIBSRC := report/recio.c
HOST_BINS  := $(BUILD)/host/aiob-rec

# Each area adds its targets, tools (GUEST_BINS += / HOST_BINS +=) and help
# lines in its own mk/<area>.mk, so areas do not edit each other's rules.
include $(sort $(wildcard mk/*.mk))

.PHONY: all help deps src branches kernels kernels-debug tools initramfs \
	bench bench-current bench-full report plots test test-quick check clean distclean

all: deps kernels tools initramfs bench-current ## everything: deps, kernels, default matrix, report, plots
	@$(MAKE) --no-print-directory report plots

help: ## this list
	@echo "aiorefbench: make [target] [VAR=value]"
	@echo
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sort | \
		sed -E 's/^([a-z0-9-]+):.*## (.*)/  \1\t\2/' | expand -t 18
	@echo
	@echo "variables: SCHEMES=\"$(SCHEMES)\"  MATRIX=$(MATRIX)  RUN=<run-id>"
	@echo "           KSRC=<kernel git tree with a 'base' tag>  JOBS=<n>"
	@echo "           ACCEL=kvm|tcg (wall mode)  HOST_NVME=/dev/nvmeXnY (host mode)"
	@echo "           HOSTS=<sshlogin file> (bench over ssh hosts, bench/fanout.sh)"

deps: ## install missing Debian packages (apt-get)
	@scripts/deps.sh

src: ## import the kernel source (kernels/src, tag base)
	@kernels/import.sh

branches: src ## variants/ -> git branches aio/<scheme>
	@kernels/branches.sh $(SCHEMES) >/dev/null

kernels: branches ## build the bench kernel of every scheme
	@for s in $(SCHEMES); do kernels/build.sh $$s bench; done

kernels-debug: branches ## build the debug (KASAN, lockdep) kernel of every scheme
	@for s in $(SCHEMES); do kernels/build.sh $$s debug; done

tools: $(GUEST_BINS) $(HOST_BINS) ## build the guest and host C tools

$(BUILD)/guest/%: bench/%.c $(GUEST_LIB) bench/lib/aiob.h $(UTIL_HDR)
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(CFLAGS) -static -Ibench -Ilib -o $@ $< $(GUEST_LIB) $(GUEST_LIBS) \
		2>&1 | { grep -v -e 'dlopen' -e 'components.o' || true; }

$(BUILD)/host/%: report/%.c $(HOST_LIBSRC) report/recio.h
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(CFLAGS) -Ireport -o $@ $< $(HOST_LIBSRC) $(HOST_LIBS)

initramfs: $(BUILD)/initramfs.cpio ## the guest initramfs

$(BUILD)/initramfs.cpio: $(GUEST_BINS) bench/guest/init bench/guest/mkinitramfs.sh \
		bench/guest/problem-patterns bench/guest/problems.awk bench/guest/frame.sh
	@bench/guest/mkinitramfs.sh $@ $(BUILD)/guest

bench: tools initramfs ## run MATRIX (default bench/matrix.conf) on SCHEMES; HOSTS=<sshloginfile>: over those hosts
	@bench/run.sh -m $(MATRIX) $(if $(RUN),-r $(RUN)) $(if $(HOSTS),-H $(HOSTS)) -s "$(SCHEMES)"

# `make`: reuse (or resume) the newest run made from the same inputs.
bench-current: tools initramfs
	@bench/run.sh -u -m $(MATRIX) $(if $(RUN),-r $(RUN)) -s "$(SCHEMES)"

bench-full: ## run the whole matrix (bench/matrix-full.conf)
	@$(MAKE) --no-print-directory bench MATRIX=bench/matrix-full.conf

test: deps kernels tools initramfs ## the test suite (what .ci/run runs)
	@tests/run.sh

test-quick: tools initramfs ## the quick tier: no kernel, no guest, well under a minute
	@tests/run.sh -q

clean: ## remove tool and image builds (keeps kernels and results)
	rm -rf $(BUILD)

distclean: clean ## also remove kernel trees, kernel builds and ccache
	rm -rf kernels/src kernels/build kernels/images kernels/ccache
