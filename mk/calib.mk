# mk/calib.mk - what this machine charges (calib/): the machine profile,
# the handoff benchmark against the model, and the predicted cost on
# silicon of each scheme.  See calib/README.md.
# CALIB_BATCHES=n CALIB_MS=ms: batches per term and their length;
# HANDOFF_BATCHES=n rounds per run, HANDOFF_RUNS=n runs; CALIB_LEVEL=<hwloc
# level> prices the transfers.

CALIB_BATCHES ?= 300
CALIB_MS      ?= 0.2
HANDOFF_BATCHES ?= 1000
HANDOFF_RUNS  ?= 5
CALIB_LIBS := -lhwloc -ljson-c -lgsl -lgslcblas -lm -lpthread
CALIB_LIB  := calib/cal.c
HOST_BINS  += $(BUILD)/host/aiob-calib $(BUILD)/host/aiob-handoff

$(BUILD)/host/aiob-calib: calib/calib.c calib/chains.c $(CALIB_LIB) calib/cal.h calib/chains.h
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(CFLAGS) -Icalib -o $@ calib/calib.c calib/chains.c $(CALIB_LIB) $(CALIB_LIBS)

$(BUILD)/host/aiob-handoff: calib/handoff.c $(CALIB_LIB) calib/cal.h
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(CFLAGS) -Icalib -o $@ calib/handoff.c $(CALIB_LIB) $(CALIB_LIBS)

.PHONY: calibrate handoff predict

calibrate: $(BUILD)/host/aiob-calib ## machine profile: ns/insn, atomic, line transfer, 95% CIs (results/calib-latest)
	@calib/calibrate.sh -n $(CALIB_BATCHES) -m $(CALIB_MS)

handoff: $(BUILD)/host/aiob-handoff $(BUILD)/host/aiob-table ## 0/1/2-atomic handoff patterns on silicon vs the model (after make calibrate)
	@calib/handoff.sh -n $(HANDOFF_BATCHES) -r $(HANDOFF_RUNS)

predict: $(BUILD)/host/aiob-table ## predicted delta ns per I/O per scheme: newest profile x newest machine profile
	@calib/report-section.sh -b $(BASE)
