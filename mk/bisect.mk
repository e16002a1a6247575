# mk/bisect.mk - regression reports: `git bisect run` over a kernel tree,
# one build and one icount boot per step (bisect/, README "Bisecting a
# regression").  REPS: only when given (check.mk's default is not ours).

GOOD    ?=
BAD     ?=
CELL    ?=
METRIC  ?= ns_per_op
CONTROL ?=
PROFILE ?=
ID      ?=

.PHONY: bisect

bisect: tools initramfs ## first commit making CELL worse: KSRC= GOOD= BAD= CELL= [METRIC= THRESHOLD= REPS= PROFILE=1]
	@bisect/bisect.sh -s "$(KSRC)" -g "$(GOOD)" -b "$(BAD)" -c "$(CELL)" \
		-m "$(METRIC)" -t "$(THRESHOLD)" -f "$(MATRIX)" \
		$(if $(filter command line environment,$(origin REPS)),-n "$(REPS)") \
		$(if $(CONTROL),-C "$(CONTROL)") $(if $(PROFILE),-P) $(if $(ID),-i "$(ID)")
