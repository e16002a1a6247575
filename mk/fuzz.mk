# mk/fuzz.mk - AFL++ on the parsers that read what other programs wrote:
# the record reader and checker (aiob-cmp), the guest result frame
# (aiob-rec append), the matrix grammar (bench/matrix.sh).  fuzz/README.md.

FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= records frame matrix
FUZZ_BIN := $(BUILD)/fuzz

$(FUZZ_BIN)/aiob-cmp: report/aiob-cmp.c $(REPORT_LIB) $(HOST_LIBSRC) $(wildcard report/*.h)
	@mkdir -p $(@D)
	AFL_QUIET=1 afl-cc $(WFLAGS) -O1 -g -Ireport -o $@ $< $(REPORT_LIB) $(HOST_LIBSRC) $(HOST_LIBS)

$(FUZZ_BIN)/aiob-rec: report/aiob-rec.c $(HOST_LIBSRC) report/recio.h
	@mkdir -p $(@D)
	AFL_QUIET=1 afl-cc $(WFLAGS) -O1 -g -Ireport -o $@ $< $(HOST_LIBSRC) $(HOST_LIBS)

.PHONY: fuzz fuzz-tools
fuzz-tools: $(FUZZ_BIN)/aiob-cmp $(FUZZ_BIN)/aiob-rec

fuzz: fuzz-tools ## AFL++ on the record, frame and matrix parsers (FUZZ_SECONDS=600 each, FUZZ_TARGETS=)
	@fuzz/fuzz.sh -t $(FUZZ_SECONDS) $(FUZZ_TARGETS)
