# mk/report.mk - compare, report, plots, gate: records -> an answer.
# RUN=<id or dir> picks the run (default results/latest); BASE= the
# reference scheme; NEW= the schemes to gate (default: all others).

BASE      ?= two-refs
NEW       ?=
THRESHOLD ?= 1
REPORT_LIB := report/stats.c report/cells.c report/label.c report/cmp.c report/table.c \
	report/report.c
HOST_BINS += $(BUILD)/host/aiob-cmp $(BUILD)/host-san/aiob-cmp $(BUILD)/host-san/aiob-rec \
	$(BUILD)/host/aiob-table $(BUILD)/host-san/aiob-table
# aiob-table: table.c's layout for the scripts' reports (profile, scorecard, calib, bisect)
TABLE_SRC := report/aiob-table.c report/table.c
# The tests run the host tools built with ASan and UBSan (any error aborts).
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
# RUN may name a run id ($(AIOB_RESULTS)/<id>) or a path; several for compare.
REPORT_RUNS = $(if $(RUN),$(foreach r,$(RUN),$(if $(wildcard $(AIOB_RESULTS)/$(r)),$(AIOB_RESULTS)/$(r),$(r))),$(AIOB_RESULTS)/latest)
REPORT_RUN = $(firstword $(REPORT_RUNS))
# where report.txt and plots/ go: the run directory (or the file's)
REPORT_OUT = $(shell if [ -d '$(REPORT_RUN)' ]; then echo '$(REPORT_RUN)'; else dirname '$(REPORT_RUN)'; fi)
REPORT_CMP ?= $(BUILD)/host/aiob-cmp

$(BUILD)/host/aiob-cmp: report/aiob-cmp.c $(REPORT_LIB) $(HOST_LIBSRC) $(wildcard report/*.h)
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(CFLAGS) -Ireport -o $@ $< $(REPORT_LIB) $(HOST_LIBSRC) $(HOST_LIBS)

$(BUILD)/host-san/aiob-cmp: report/aiob-cmp.c $(REPORT_LIB) $(HOST_LIBSRC) $(wildcard report/*.h)
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(SAN_FLAGS) -Ireport -o $@ $< $(REPORT_LIB) $(HOST_LIBSRC) $(HOST_LIBS)

$(BUILD)/host/aiob-table: $(TABLE_SRC) report/table.h
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(CFLAGS) -Ireport -o $@ $(TABLE_SRC)

$(BUILD)/host-san/aiob-table: $(TABLE_SRC) report/table.h
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(SAN_FLAGS) -Ireport -o $@ $(TABLE_SRC)

$(BUILD)/host-san/%: report/%.c $(HOST_LIBSRC) report/recio.h
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(SAN_FLAGS) -Ireport -o $@ $< $(HOST_LIBSRC) $(HOST_LIBS)

host-san: $(BUILD)/host-san/aiob-cmp $(BUILD)/host-san/aiob-rec $(BUILD)/host-san/aiob-table ## host tools with ASan+UBSan (the report tests use them)

.PHONY: compare gate report-run-check host-san scorecard post post-scheme-check

report-run-check:
	@for d in $(REPORT_RUNS); do [ -e "$$d" ] || { echo "make: no run $$d" \
		"$$([ -L "$$d" ] && echo "(a link to the removed $$(readlink "$$d"))")" \
		"(RUN=<id>; runs: $$(ls $(AIOB_RESULTS) | grep -v README | tr '\n' ' '))" >&2; exit 2; }; done

compare: $(REPORT_CMP) report-run-check ## per cell, each scheme vs BASE (RUN="id..." BASE=)
	@$(REPORT_CMP) compare -b $(BASE) $(REPORT_RUNS)

report: $(REPORT_CMP) $(BUILD)/host/aiob-table report-run-check ## results/<RUN>/report.txt and report.md (RUN=, BASE=), with the predicted cost on silicon
	@$(REPORT_CMP) report -b $(BASE) -t $(THRESHOLD) -o $(REPORT_OUT) $(REPORT_RUN)
	@calib/report-section.sh -b $(BASE) '$(REPORT_OUT)'

plots: $(REPORT_CMP) report-run-check ## results/<RUN>/plots/*.png,svg (gnuplot)
	@plot/plots.sh -b $(BASE) -t $(THRESHOLD) -o $(REPORT_OUT)/plots $(REPORT_RUN)

gate: $(REPORT_CMP) report-run-check ## 0 ok, 1 NEW's CI beyond THRESHOLD % worse, 125 possible/too few reps
	@$(REPORT_CMP) gate -b $(BASE) $(if $(NEW),-n $(subst $(report_space),$(report_comma),$(strip $(NEW)))) \
		-t $(THRESHOLD) $(REPORT_RUNS)
report_comma := ,
report_space := $(subst ,, )

# the profile, check and calibration runs next to RUN (default: the newest)
PROFILE_RUN ?=
CHECK_RUN   ?=
CALIB_RUN   ?=
scorecard: $(REPORT_CMP) $(BUILD)/host/aiob-rec $(BUILD)/host/ck-report $(BUILD)/host/aiob-table report-run-check ## one page: each scheme vs BASE, performance, correctness, complexity (RUN=, BASE=, PROFILE_RUN=, CHECK_RUN=, CALIB_RUN=)
	@AIOB_CMP='$(REPORT_CMP)' report/scorecard.sh -b $(BASE) -o '$(REPORT_OUT)' \
		$(if $(PROFILE_RUN),-p '$(PROFILE_RUN)') $(if $(CHECK_RUN),-k '$(CHECK_RUN)') \
		$(if $(CALIB_RUN),-c '$(CALIB_RUN)') '$(REPORT_RUN)'

# make post SCHEME=<s>: build/post/<s>/ (POST_OUT=), never sent
SCHEME   ?=
POST_OUT ?=
post-scheme-check:
	@[ -n '$(SCHEME)' ] || { echo "make post: SCHEME=<scheme> (one of: $$(ls variants | tr '\n' ' '))" >&2; exit 2; }

post: post-scheme-check $(REPORT_CMP) $(BUILD)/host/aiob-rec $(BUILD)/host/ck-report $(BUILD)/host/aiob-table report-run-check branches ## SCHEME's series as mails for git send-email in build/post/SCHEME: cover letter with the scorecard of RUN, To/Cc, checkpatch
	@AIOB_CMP='$(REPORT_CMP)' report/post.sh -b $(BASE) $(if $(POST_OUT),-o '$(POST_OUT)') \
		$(if $(PROFILE_RUN),-p '$(PROFILE_RUN)') $(if $(CHECK_RUN),-k '$(CHECK_RUN)') \
		$(if $(CALIB_RUN),-c '$(CALIB_RUN)') '$(SCHEME)' '$(REPORT_RUN)'
