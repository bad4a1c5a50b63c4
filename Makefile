# uecsim: GNU Make build.  `make help` lists the targets.
#
# `make run` and `make test` first install missing Debian packages
# (scripts/deps.sh), then re-enter make so that pkg-config is asked only
# once the libraries are there.

BUILD   ?= build
CC      ?= cc
OPT     ?= -O2 -g
WERROR  ?= -Werror
SAN     ?=
PREFIX  ?= /usr/local
SCENARIO ?= scenarios/default.json
RUN_ARGS ?=
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)

# Conservation checks at every simulated midnight (sim/model.c): on in
# every build but the timing build of `make bench`, which sets CHECKS=0.
CHECKS  ?= 1

PKGS     = gsl libcjson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# libmicrohttpd: only `uecsim serve` (sim/serve*.c) and its tests use it.
MHD_CFLAGS := $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
MHD_LIBS   := $(shell pkg-config --libs libmicrohttpd 2>/dev/null)
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null)

# HAVE_INLINE: GSL's inline gsl_rng_uniform_pos and friends (GSL manual,
# "Inline functions"); C99 inline semantics under -std=c11.
CPPFLAGS += -Iinclude -D_POSIX_C_SOURCE=200809L -DHAVE_INLINE $(PKG_CFLAGS)
ifeq ($(CHECKS),1)
CPPFLAGS += -DUECSIM_CHECKS
endif
CFLAGS   += -std=c11 -pedantic -Wall -Wextra $(WERROR) -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings -Wvla \
	-Wformat=2 -Wundef -Wdouble-promotion -Wpointer-arith -fno-common \
	-ffp-contract=off -fopenmp $(OPT) $(SAN) -MMD -MP
LDFLAGS  += -fopenmp $(SAN)
LDLIBS   += $(PKG_LIBS) -lm

# The library: every module but the CLI.
LIB_SRC = sim/util.c sim/calendar.c sim/evq.c sim/rng.c sim/dist.c \
	sim/stats.c sim/resource.c sim/scenario.c sim/scenario_schema.c \
	sim/scenario_schema_care.c sim/scenario_schema_chain.c \
	sim/scenario_schema_escalation.c sim/scenario_schema_reporting.c \
	sim/scenario_walk.c sim/scenario_dist.c sim/scenario_rules.c \
	sim/scenario_files.c sim/scenario_merge.c sim/scenario_report.c \
	sim/scenario_bounds.c sim/scenario_keys.c sim/scenario_shift.c \
	sim/scenario_sites.c sim/scenario_names.c sim/scenario_read.c \
	sim/arrivals.c sim/model.c \
	sim/model_arrivals.c sim/model_ed.c sim/model_beds.c sim/model_fcp.c \
	sim/model_discharge.c sim/model_vw.c sim/model_escalation.c \
	sim/model_electives.c sim/model_starts.c sim/model_check.c \
	sim/model_capacity.c sim/model_patient.c sim/model_state.c \
	sim/model_ambulance.c sim/model_ucr.c \
	sim/kpi.c sim/kpi_table.c sim/progress.c sim/results.c sim/run.c sim/wfile.c \
	sim/output.c sim/output_size.c sim/plot.c sim/plot_run.c \
	sim/plot_compare.c sim/plot_sweep.c sim/precheck.c sim/sweep.c \
	sim/size.c sim/resdir.c
# Reporting periods and the board's outputs (issue 12).
LIB_SRC += sim/scenario_period.c sim/board.c sim/output_run.c \
	sim/output_compare.c sim/output_sweep.c sim/output_csv.c
# The board report (issue 13).
LIB_SRC += sim/scenario_notes.c sim/report.c sim/report_read.c \
	sim/report_text.c sim/report_html.c sim/report_figures.c \
	sim/report_notes.c sim/report_judge.c
# Replications by precision, shards and their merge (issue 15).
LIB_SRC += sim/precision.c sim/shard.c
# One process (build/uecsim), or MPI ranks (`make mpi`: build/uecsim-mpi).
SPREAD  ?= serial
LIB_SRC += sim/spread_$(SPREAD).c
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB     = $(BUILD)/libuecsim.a
BIN     = $(BUILD)/uecsim

UNIT_TESTS = calendar evq rng dist stats resource scenario scenario_files \
	scenario_errors \
	scenario_sites sites \
	scenario_bounds arrivals model kpi plot_run plot_sweep util precheck \
	results size resdir \
	flow_timing flow_supply pressure
UNIT_TESTS += board report precision shard serve_http serve_scenarios \
	serve_runs
UNIT_BIN   = $(UNIT_TESTS:%=$(BUILD)/tests/unit/test_%)
STAT_BIN   = $(BUILD)/tests/stat/test_validation \
	$(BUILD)/tests/stat/test_calibration $(BUILD)/tests/stat/test_compare

# Fuzz harnesses (tests/fuzz/): clang's libFuzzer with ASan and UBSan.
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 600
FUZZ_TEST_SECONDS ?= 25
FUZZ_SAN  = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -O1 -g -ffp-contract=off -fopenmp $(FUZZ_SAN) -MMD -MP
FUZZ_OBJ  = $(LIB_SRC:%.c=$(BUILD)/fuzz/%.o)
FUZZ_BIN  = $(BUILD)/fuzz/fuzz_scenario $(BUILD)/fuzz/fuzz_run

.PHONY: all deps deps-bench deps-test deps-mpi mpi mpi-inner mpi-optional \
	run run-inner test test-inner unit \
	stat e2e bench bench-inner asan ubsan fuzz fuzz-inner format \
	format-check lint plots install clean help golden-update docs validate

all: $(BIN)

deps:
	@sh scripts/deps.sh

deps-bench:
	@sh scripts/deps.sh bench

deps-test:
	@sh scripts/deps.sh test

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The command line: only these files print.
CLI_SRC = sim/main.c sim/cli.c sim/cli_size.c
CLI_SRC += sim/cli_report.c sim/cli_common.c sim/cli_board.c sim/cli_serve.c
CLI_SRC += sim/cli_scale.c sim/cli_values.c
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)

# `uecsim serve` (issue 16): the workbench in the browser, on
# libmicrohttpd, in the binary and its tests but not in the library the
# fuzz harnesses build.  Its page (web/) is compiled in as byte arrays.
SERVE_SRC = sim/serve.c sim/serve_route.c sim/serve_jobs.c sim/serve_scn.c \
	sim/serve_levers.c sim/serve_files.c sim/serve_util.c
WEB_FILES = web/index.html web/app.js web/style.css web/favicon.svg
SERVE_OBJ = $(SERVE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/serve_assets.o

$(SERVE_SRC:%.c=$(BUILD)/%.o): CPPFLAGS += $(MHD_CFLAGS)

$(BUILD)/gen/serve_assets.c: $(WEB_FILES) scripts/embed.sh
	@mkdir -p $(dir $@)
	sh scripts/embed.sh $@ $(WEB_FILES)

$(BUILD)/gen/serve_assets.o: $(BUILD)/gen/serve_assets.c
	$(CC) $(CPPFLAGS) -Isim $(CFLAGS) -c $< -o $@

$(BIN): $(CLI_OBJ) $(SERVE_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(MHD_LIBS)

$(BUILD)/tests/unit/test_serve_%: tests/unit/test_serve_%.c \
		tests/unit/serve_test.h tests/serve/client.h $(SERVE_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Isim -Itests/serve $(CMOCKA_CFLAGS) $(CFLAGS) -o $@ \
		$< $(SERVE_OBJ) $(LIB) $(LDFLAGS) $(LDLIBS) $(MHD_LIBS) $(CMOCKA_LIBS)

# The load test's client (tests/e2e/serve.sh): several connections at once.
$(BUILD)/tests/serve/load: tests/serve/load.c tests/serve/client.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/serve $(CFLAGS) -o $@ $< $(LDFLAGS) -lpthread

$(BUILD)/tests/unit/test_%: tests/unit/test_%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CMOCKA_CFLAGS) $(CFLAGS) -o $@ $< $(LIB) \
		$(LDFLAGS) $(LDLIBS) $(CMOCKA_LIBS)

$(BUILD)/tests/stat/test_%: tests/stat/test_%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CMOCKA_CFLAGS) $(CFLAGS) -o $@ $< $(LIB) \
		$(LDFLAGS) $(LDLIBS) $(CMOCKA_LIBS)

# --- the two commands of the README -------------------------------------

run: deps
	@$(MAKE) --no-print-directory run-inner

run-inner: $(BIN)
	./$(BIN) run $(SCENARIO) -j $(JOBS) --report $(RUN_ARGS)

test: deps-test
	@$(MAKE) --no-print-directory test-inner

test-inner: $(BIN) $(UNIT_BIN) $(STAT_BIN) $(FUZZ_BIN) $(BUILD)/tests/serve/load \
	mpi-optional
	@sh scripts/lint-globals.sh $(LIB_OBJ) $(CLI_OBJ) $(SERVE_OBJ)
	@python3 scripts/call-circles.py $(LIB_OBJ) $(CLI_OBJ) $(SERVE_OBJ)
	@FUZZ_TEST_SECONDS=$(FUZZ_TEST_SECONDS) sh tests/run_all.sh $(BUILD)

unit: $(UNIT_BIN)
	@for t in $(UNIT_BIN); do $$t || exit 1; done

stat: $(BIN) $(STAT_BIN)
	@for t in $(STAT_BIN); do $$t || exit 1; done

e2e: $(BIN)
	@sh tests/e2e/run.sh $(BUILD)

# Rewrite tests/golden/ from fresh runs (tests/e2e/golden.sh checks them).
golden-update: $(BIN)
	@sh tests/golden/update.sh $(BUILD)

# --- speed -------------------------------------------------------------

# Timing uses its own build without the conservation checks (CHECKS=0).
bench: deps-bench
	@$(MAKE) --no-print-directory bench-inner BUILD=$(BUILD)/timing CHECKS=0

$(BUILD)/bench/bench: bench/bench.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

bench-inner: $(BIN) $(BUILD)/bench/bench
	@sh bench/run.sh $(BUILD)

# --- MPI: build/uecsim-mpi over OpenMPI from Debian (docs/scale.md) -----
#
# The same program with sim/spread_mpi.c for sim/spread_serial.c, built
# with mpicc in its own folder.  `make test` builds it when mpicc is
# there and tests/e2e/scale.sh compares its output with build/uecsim's.

deps-mpi:
	@sh scripts/deps.sh mpi

mpi: deps-mpi
	@$(MAKE) --no-print-directory mpi-inner

mpi-inner:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/mpi SPREAD=mpi CC=mpicc \
		$(BUILD)/mpi/uecsim
	cp $(BUILD)/mpi/uecsim $(BUILD)/uecsim-mpi

# In make test: only where OpenMPI is installed (the test then skips).
mpi-optional:
	@if command -v mpicc >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory mpi-inner; \
	else echo "uecsim: no mpicc: build/uecsim-mpi not built"; fi

# --- sanitizers: the whole test suite, in its own build folder ----------

asan: deps
	@$(MAKE) --no-print-directory test-inner BUILD=build/asan OPT="-O1 -g" \
		SAN="-fsanitize=address -fno-omit-frame-pointer"

ubsan: deps
	@$(MAKE) --no-print-directory test-inner BUILD=build/ubsan OPT="-O1 -g" \
		SAN="-fsanitize=undefined -fno-sanitize-recover=all"

# --- fuzzing: libFuzzer with ASan and UBSan (clang from Debian) --------
#
# tests/fuzz/: one harness over the loader and --set (what `check` does),
# one over load-then-run of a short horizon.  `make test` replays every
# regression input and fuzzes each harness for FUZZ_TEST_SECONDS;
# `make fuzz FUZZ_SECONDS=3600` fuzzes each for as long as asked.

# Named only in a pattern rule: keep them (make would delete them as
# intermediate files and rebuild them every time).
.SECONDARY: $(FUZZ_OBJ)

$(BUILD)/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_input.c \
		tests/fuzz/fuzz_input.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(CPPFLAGS) -Itests/fuzz $(FUZZ_CFLAGS) -fsanitize=fuzzer \
		-o $@ $< tests/fuzz/fuzz_input.c $(FUZZ_OBJ) $(PKG_LIBS) -lm

fuzz: deps-test
	@$(MAKE) --no-print-directory fuzz-inner

fuzz-inner: $(FUZZ_BIN)
	@sh tests/fuzz/run.sh $(BUILD) $(FUZZ_SECONDS) keep

# --- housekeeping ------------------------------------------------------

C_FILES = $(wildcard sim/*.c include/*.h tests/*/*.c tests/*/*.h)

format:
	clang-format -i $(C_FILES)

format-check:
	clang-format --dry-run --Werror $(C_FILES)

# No mutable globals (STYLE.md B3): no writable data objects in any object.
lint: $(LIB_OBJ) $(CLI_OBJ) $(SERVE_OBJ)
	@sh scripts/lint-globals.sh $^
	@python3 scripts/call-circles.py $^

# The key tables of docs/scenario.md, from the loader's table of keys.
# The calibration's full tables and hold-outs (docs/calibration.md, issue
# 11): a few minutes; `make test` checks the essentials.
validate: $(BIN)
	sh scripts/validate.sh $(BIN) $(or $(REPS),30) results/validate

docs: $(BIN)
	sh scripts/scenario-docs.sh $(BIN) docs/scenario.md >docs/scenario.md.new
	mv docs/scenario.md.new docs/scenario.md

plots:
	@for gp in results/*/plots/*.gp; do \
		[ -f "$$gp" ] || continue; \
		(cd $$(dirname $$gp) && gnuplot $$(basename $$gp)) || exit 1; \
	done

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/uecsim

clean:
	rm -rf build

help:
	@echo "make run          install what is missing, build, run $(SCENARIO)"
	@echo "make test         install what is missing, build, run every test"
	@echo "make bench        events per second against SimPy 3 (docs/performance.md)"
	@echo "make mpi          build/uecsim-mpi over OpenMPI (mpirun -n N build/uecsim-mpi run ...)"
	@echo "make asan|ubsan   the tests under AddressSanitizer / UBSan"
	@echo "make golden-update  rewrite tests/golden/ from fresh runs"
	@echo "make fuzz         libFuzzer on the loader and on short runs (FUZZ_SECONDS=600 each)"
	@echo "make lint         check for mutable globals and call circles between files"
	@echo "make format       clang-format every C file"
	@echo "make plots        re-run gnuplot over results/*/plots/*.gp"
	@echo "make docs         regenerate the key tables of docs/scenario.md"
	@echo "make validate     calibration tables, hold-outs and the bed-pressure chart (docs/calibration.md; REPS=30)"
	@echo "make install      install build/uecsim to PREFIX (default /usr/local)"
	@echo "make clean        remove build/"

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
