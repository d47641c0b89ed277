# Dealernet: `make run` starts the portal, `make check` runs every test.
SHELL		= /bin/bash
VERSION		:= $(shell git describe --always --dirty 2>/dev/null || echo dev)
PKGS		= libcjson libjwt libsodium libmariadb libcurl libpng libjpeg libwebp
CC		?= cc
WARN		= -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
		  -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wvla
BASE_CFLAGS	= -std=c11 -D_GNU_SOURCE -DDEALERNET_VERSION='"$(VERSION)"' \
		  $(WARN) -g $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
CFLAGS		?= -O2 -fstack-protector-strong -D_FORTIFY_SOURCE=2
LDFLAGS		?=
LIBS		= $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lfcgi -lpthread -lm
CHECK_LIBS	= $(shell pkg-config --libs check 2>/dev/null)
SAN		= -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
		  -fno-sanitize-recover=undefined
JOBS		?= $(shell nproc 2>/dev/null || echo 2)
# Quiet by default: "CC file" and "LD binary"; make V=1 shows the commands.
ifeq ($(V),1)
Q		=
say		= :
else
Q		= @
say		= printf '  %-3s %s\n'
endif

APP_SRC		:= $(shell find fcgi-app -name '*.c' ! -name '*_test.c' \
		     ! -name 'test_main.c' | sort)
LIB_SRC		:= $(filter-out fcgi-app/main.c,$(APP_SRC))
TEST_SRC	:= $(shell find fcgi-app -name '*_test.c' | sort) fcgi-app/test_main.c
HDRS		:= $(shell find fcgi-app -name '*.h')
FUZZ		:= json form cookie tpl token csv multipart mpstream trail search
# The pieces the fuzz targets exercise (no FastCGI, no database).
FUZZ_SRC	= fcgi-app/core/buf.c fcgi-app/core/util.c fcgi-app/core/csv.c fcgi-app/http/form.c \
		  fcgi-app/http/multipart.c \
		  fcgi-app/http/json.c fcgi-app/http/req.c fcgi-app/views/esc.c \
		  fcgi-app/views/tpl.c fcgi-app/views/when.c fcgi-app/auth/token.c fcgi-app/auth/roles.c \
		  fcgi-app/core/fault.c fcgi-app/trail/trail_rules.c \
		  fcgi-app/search/search_rules.c fcgi-app/search/search_terms_rules.c
FUZZ_SECONDS	?= 60

# Objects, one tree per flavour, each with its -MMD dependencies:
#   build/obj        -O2, the release binary and the unit tests
#   build/test/obj   the few sources that differ with the test-only routes
#   build/bench/obj  likewise with the bench-only ceilings
#   build/asan/obj   ASan + UBSan with the test-only routes, everything
# The test and bench binaries link the release objects but for theirs, so
# make check compiles each source once at -O2 and once under the sanitizers.
OBJ		= build/obj
TEST_OBJ	= build/test/obj
BENCH_OBJ	= build/bench/obj
ASAN_OBJ	= build/asan/obj
FLAVOURED	:= fcgi-app/routes.c fcgi-app/testing/testing_http.c \
		   fcgi-app/bench/bench_http.c
objs		= $(patsubst %.c,$(1)/%.o,$(2))
APP_OBJS	= $(call objs,$(OBJ),$(APP_SRC))
UNIT_OBJS	= $(call objs,$(OBJ),$(LIB_SRC) $(TEST_SRC))
TEST_OBJS	= $(call objs,$(OBJ),$(filter-out $(FLAVOURED),$(APP_SRC))) \
		  $(call objs,$(TEST_OBJ),$(FLAVOURED))
BENCH_OBJS	= $(call objs,$(OBJ),$(filter-out $(FLAVOURED),$(APP_SRC))) \
		  $(call objs,$(BENCH_OBJ),$(FLAVOURED))
ASAN_APP_OBJS	= $(call objs,$(ASAN_OBJ),$(APP_SRC))
ASAN_UNIT_OBJS	= $(call objs,$(ASAN_OBJ),$(LIB_SRC) $(TEST_SRC))

.PHONY: all build asan deps node-deps run stop check unit fuzz fuzz-build bench bench-login \
	bench-notify bench-service \
	backup restore cluster soak clean distclean FORCE

all: build

build: build/dealernetd build/unit
asan: build/asan/dealernetd build/asan/unit
# The binary the API tests drive: the same code plus the test-only routes.
TEST_ROUTES	= -DDEALERNET_TEST_ROUTES

$(OBJ)/%.o: %.c
	@mkdir -p $(@D)
	@$(say) CC $@
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<
$(TEST_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	@$(say) CC $@
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) $(TEST_ROUTES) -MMD -MP -c -o $@ $<
$(BENCH_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	@$(say) CC $@
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) -DDEALERNET_BENCH_ROUTES -MMD -MP -c -o $@ $<
$(ASAN_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	@$(say) CC $@
	$(Q)$(CC) $(BASE_CFLAGS) $(SAN) $(TEST_ROUTES) -MMD -MP -c -o $@ $<

# main.c prints the version: rebuilt when `git describe` changes.
build/version: FORCE
	@mkdir -p $(@D)
	@echo '$(VERSION)' | cmp -s - $@ || echo '$(VERSION)' > $@
$(OBJ)/fcgi-app/main.o $(ASAN_OBJ)/fcgi-app/main.o: build/version

# The unit suites, from each *_test.c's "name_suite(void)" definition, for
# test.h and test_main.c: a new test file's suite runs without a list.
build/test_suites.h: FORCE
	@mkdir -p $(@D)
	@{ echo '/* build/test_suites.h: made by the Makefile; do not edit */'; \
	    echo '#define TEST_SUITES(X) \'; \
	    sed -n 's/^\([a-z0-9_]*_suite\)(void)$$/	X(\1) \\/p' \
	    $(filter %_test.c,$(TEST_SRC)); echo; } > $@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@
$(call objs,$(OBJ),$(TEST_SRC)) $(call objs,$(ASAN_OBJ),$(TEST_SRC)): \
    build/test_suites.h

build/dealernetd: $(APP_OBJS)
	@$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

build/unit: $(UNIT_OBJS)
	@$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS) $(CHECK_LIBS)

build/test/dealernetd: $(TEST_OBJS)
	@$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# The benchmark's binary: the same code plus the bench-only ceilings.
build/bench/dealernetd: $(BENCH_OBJS)
	@$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

build/bench/dbceil: tests/bench/dbceil.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(shell pkg-config --libs libmariadb) -lpthread

build/asan/dealernetd: $(ASAN_APP_OBJS)
	@$(say) LD $@
	$(Q)$(CC) $(SAN) $(LDFLAGS) -o $@ $^ $(LIBS)

build/asan/unit: $(ASAN_UNIT_OBJS)
	@$(say) LD $@
	$(Q)$(CC) $(SAN) $(LDFLAGS) -o $@ $^ $(LIBS) $(CHECK_LIBS)

build/fuzz/%: tests/fuzz/fuzz_%.c $(FUZZ_SRC) $(HDRS)
	@mkdir -p $(@D)
	clang $(BASE_CFLAGS) -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -o $@ $< $(FUZZ_SRC) \
	    $(shell pkg-config --libs libcjson libjwt libsodium) -lm

fuzz-build: $(addprefix build/fuzz/,$(FUZZ))

-include $(shell find build -name '*.d' 2>/dev/null)

# Install whatever Debian packages are missing; nothing when all are there.
deps:
	@deploy/local/deps.sh

node-deps: tests/node_modules/.installed
tests/node_modules/.installed: tests/package.json tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

unit: build/unit
	build/unit

run: deps build
	@deploy/local/stack.sh run var 8080

stop:
	@deploy/local/stack.sh down var

# Hot backup of var/'s database (make run's); BACKUP=dir to choose where.
backup: deps
	@deploy/local/backup.sh backup var $(BACKUP)

# Put a backup in as var/'s database: make stop, make restore FROM=dir, make run.
restore: deps
	@test -n "$(FROM)" || { echo "usage: make restore FROM=var/backups/..." >&2; exit 2; }
	@deploy/local/backup.sh restore $(FROM) var

# 3 Galera nodes, 2 app nodes and nginx on loopback, a mixed workload with
# kill -9 faults, the checks, and order reads against a single server.
cluster: deps build
	@tests/cluster/run.sh

# The app at ~80 % of its measured capacity for MINUTES (default 30): errors
# and the app's memory, every minute.
MINUTES		?= 30
soak: deps build
	@MINUTES=$(MINUTES) tests/soak/run.sh

# The benchmark: its own stack and data set; writes BENCHMARKS.md.
ORDERS		?= 1000000
bench: deps build/bench/dealernetd build/bench/dbceil
	ORDERS=$(ORDERS) tests/bench/run.sh
	tests/bench/notify.sh
	tests/bench/service.sh

# Order reads alone and during a flood of wrong sign-ins (issue #18); its
# own stack on the bench's port, so under the same lock.
bench-login: deps build/dealernetd
	tests/bench/login-flood.sh

# Shipping with notifications off and on (issue #20); the bench's port too.
bench-notify: deps build/bench/dealernetd
	tests/bench/notify.sh

# A burst of service jobs dispatched over 5,000 providers (issue #21); the
# bench's port too.
bench-service: deps build/bench/dealernetd
	tests/bench/service.sh

fuzz: deps fuzz-build
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ)

# Dependencies first (they bring the compilers), then every build at once.
check: deps
	@$(MAKE) --no-print-directory -j$(JOBS) build build/test/dealernetd asan \
	    fuzz-build node-deps
	@tests/check.sh

clean:
	rm -rf build tests/artifacts/*.png

distclean: clean
	rm -rf var tests/node_modules
