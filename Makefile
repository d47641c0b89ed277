# Dealernet: `make run` starts the portal, `make check` runs every test.
SHELL		= /bin/bash
VERSION		:= $(shell git describe --always --dirty 2>/dev/null || echo dev)
PKGS		= libcjson libjwt libsodium libmariadb
CC		?= cc
WARN		= -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
		  -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wvla
BASE_CFLAGS	= -std=c11 -D_GNU_SOURCE -DDEALERNET_VERSION='"$(VERSION)"' \
		  $(WARN) -g $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
CFLAGS		= -O2 -fstack-protector-strong -D_FORTIFY_SOURCE=2
LIBS		= $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lfcgi -lpthread -lm
CHECK_LIBS	= $(shell pkg-config --libs check 2>/dev/null)
SAN		= -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
		  -fno-sanitize-recover=undefined

APP_SRC		:= $(shell find fcgi-app -name '*.c' ! -name '*_test.c' \
		     ! -name 'test_main.c' | sort)
LIB_SRC		:= $(filter-out fcgi-app/main.c,$(APP_SRC))
TEST_SRC	:= $(shell find fcgi-app -name '*_test.c' | sort) fcgi-app/test_main.c
HDRS		:= $(shell find fcgi-app -name '*.h')
FUZZ		:= json form cookie tpl token csv multipart
# The pieces the fuzz targets exercise (no FastCGI, no database).
FUZZ_SRC	= fcgi-app/core/buf.c fcgi-app/core/util.c fcgi-app/core/csv.c fcgi-app/http/form.c \
		  fcgi-app/http/json.c fcgi-app/http/req.c fcgi-app/views/esc.c \
		  fcgi-app/views/tpl.c fcgi-app/auth/token.c fcgi-app/auth/roles.c
FUZZ_SECONDS	?= 60

.PHONY: all build asan deps node-deps run stop check unit fuzz fuzz-build bench bench-login \
	backup restore cluster soak clean distclean

all: build

build: build/dealernetd build/unit
asan: build/asan/dealernetd build/asan/unit
# The binary the API tests drive: the same code plus the test-only routes.
TEST_ROUTES	= -DDEALERNET_TEST_ROUTES

build/dealernetd: $(APP_SRC) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ $(APP_SRC) $(LIBS)

build/unit: $(LIB_SRC) $(TEST_SRC) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ $(LIB_SRC) $(TEST_SRC) $(LIBS) $(CHECK_LIBS)

build/test/dealernetd: $(APP_SRC) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(TEST_ROUTES) -o $@ $(APP_SRC) $(LIBS)

# The benchmark's binary: the same code plus the bench-only ceilings.
build/bench/dealernetd: $(APP_SRC) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -DDEALERNET_BENCH_ROUTES -o $@ $(APP_SRC) $(LIBS)

build/bench/dbceil: tests/bench/dbceil.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ $< $(shell pkg-config --libs libmariadb) -lpthread

build/asan/dealernetd: $(APP_SRC) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(SAN) $(TEST_ROUTES) -o $@ $(APP_SRC) $(LIBS)

build/asan/unit: $(LIB_SRC) $(TEST_SRC) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(SAN) -o $@ $(LIB_SRC) $(TEST_SRC) $(LIBS) $(CHECK_LIBS)

build/fuzz/%: tests/fuzz/fuzz_%.c $(FUZZ_SRC) $(HDRS)
	@mkdir -p $(@D)
	clang $(BASE_CFLAGS) -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -o $@ $< $(FUZZ_SRC) \
	    $(shell pkg-config --libs libcjson libjwt libsodium) -lm

fuzz-build: $(addprefix build/fuzz/,$(FUZZ))

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

# Order reads alone and during a flood of wrong sign-ins (issue #18); its
# own stack on the bench's port, so under the same lock.
bench-login: deps build/dealernetd
	tests/bench/login-flood.sh

fuzz: deps fuzz-build
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ)

check: deps build build/test/dealernetd asan fuzz-build node-deps
	@tests/check.sh

clean:
	rm -rf build tests/artifacts/*.png

distclean: clean
	rm -rf var tests/node_modules
