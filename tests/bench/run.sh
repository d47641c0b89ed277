#!/usr/bin/env bash
# run.sh: `make bench`: a stack of its own (var/bench, port 18100), the bench
# data set, and wrk through nginx, every scenario RUNS times for DURATION s
# with 32 connections; the median run's req/s, p50 and p99, and the CPU each
# process (MariaDB, the app, nginx, the client) spent per request in it, go
# to BENCHMARKS.md through tests/bench/report.js.
#
#   ORDERS=1000000 DURATION=10 RUNS=3 LEDGER=1000000 tests/bench/run.sh
#
# A run of 10,000,000 orders or more records itself apart (report.js keeps
# both, each in its own section).  Switches for shorter runs: ONLY=lists
# (the list scenarios at 10,000 and at ORDERS, nothing else), LEDGER=0 (no
# month close; LEDGER=small: 10,000 entries), SELLTHROUGH=0 (no sell-through
# nor dashboards), PERF=0 (no profile), EXPORTS=0 (no CSV exports, export.sh);
# ONLY=search (the search scenarios at ORDERS alone: no 10k reads, no other
# scenario, no sell-through, no month close); PORT and DIR for a stack
# elsewhere.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
ORDERS=${ORDERS:-1000000}
DURATION=${DURATION:-10}
RUNS=${RUNS:-3}
CONNS=32
SMALL=10000
# the buyers bench.b00001.. whose lists are read: the small set gives
# their dealers full first pages (seed bench --focus)
FOCUS=48
FOCUS_TENTHS=6	# of the small set's orders, in tenths, go to them
CHUNK=${CHUNK:-1000000}		# orders seeded per transaction
DIR=${DIR:-$ROOT/var/bench}
PORT=${PORT:-18100}
ONLY=${ONLY:-all}
LEDGER=${LEDGER:-1000000}
[ "$LEDGER" = small ] && LEDGER=10000
SELLTHROUGH=${SELLTHROUGH:-1}
PERF=${PERF:-1}
EXPORTS=${EXPORTS:-1}
BASE=http://127.0.0.1:$PORT
APP=$ROOT/build/bench/dealernetd
OUT=$ROOT/build/bench
RESULTS=$OUT/results.tsv
# which record this run makes (tests/bench/recorded*.json)
if [ "$ORDERS" -ge 10000000 ]; then RECORD=${RECORD:-10m}; else RECORD=${RECORD:-main}; fi
WORKERS=$(( $(nproc) * 2 ))
TCK=$(getconf CLK_TCK)
export DEALERNET_CONF=$DIR/dealernet.conf
# no tier run in the middle of a measurement
export DEALERNET_NIGHTLY_TIERS=0
# Every sign-in of the bench comes from 127.0.0.1: nginx's limit per
# address (which real users, each from their own, do not meet together)
# is lifted.  The app runs as deployed but for the sustained login
# scenario (see there).
export LOGIN_RATE=100000r/s

sqlq() { mariadb --defaults-file="$DIR/my.cnf" -u root -N -B dealernet -e "$1"; }
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop() { deploy/local/stack.sh down "$DIR" "$PORT" >/dev/null 2>&1 || true; }
trap stop EXIT

# wrk's "50%   1.23ms" into milliseconds.
ms() {
	awk -v p="$1" '$1 == p { v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
	    if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.2f", v }'
}

# CPU time (clock ticks, utime + stime from /proc) of each process
# serving a request: "MARIADB APP NGINX", the app its master and worker,
# nginx its master and workers.
ticks() {	# pid...
	local p t s=0
	for p in "$@"; do
		t=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }') || t=0
		s=$(( s + ${t:-0} ))
	done
	echo "$s"
}
cpu_now() {
	local app ngx
	app=$(cat "$DIR/run/app.pid")
	ngx=$(cat "$DIR/nginx/nginx.pid")
	echo "$(ticks "$(cat "$DIR/run/mariadbd.pid")") \
$(ticks "$app" $(ps -o pid= --ppid "$app")) $(ticks "$ngx" $(ps -o pid= --ppid "$ngx"))"
}

# measure FILE command...: the command's output to FILE; prints the CPU
# seconds of "MARIADB APP NGINX CLIENT" it took (the client from bash's
# time: the command and its children).
measure() {
	local f=$1 b a c
	shift
	b=$(cpu_now)
	{ TIMEFORMAT='%3U %3S'; time "$@" > "$f" 2>&1; } 2> "$f.time"
	a=$(cpu_now)
	c=$(awk '{ print $1 + $2 }' "$f.time")
	awk -v b="$b" -v a="$a" -v c="$c" -v t="$TCK" 'BEGIN { split(b, x); split(a, y);
	    printf "%.3f %.3f %.3f %s\n", (y[1] - x[1]) / t, (y[2] - x[2]) / t, (y[3] - x[3]) / t, c }'
}

# "MARIADB APP NGINX CLIENT" seconds and a request count into the four
# columns of microseconds per request.
per_request() {	# "cpu" requests
	awk -v c="$1" -v n="$2" 'BEGIN { split(c, x); for (i = 1; i <= 4; i++)
	    printf "%s%.0f", (i > 1 ? "\t" : ""), (n > 0 ? x[i] * 1e6 / n : 0) }'
}

# results.tsv: name set req/s p50 p99 errors, then the CPU microseconds
# per request of MariaDB, the app, nginx and the client, and the requests.
# scenario NAME DATA-SET wrk-args...: RUNS runs, the median by req/s kept.
scenario() {
	local name=$1 set=$2 i f rps p50 p99 errs cpu req
	shift 2
	: > "$OUT/runs.tmp"
	for i in $(seq "$RUNS"); do
		f=$OUT/wrk-$name-$set-$i.txt
		cpu=$(measure "$f" wrk -t2 -c$CONNS -d${DURATION}s --latency "$@")
		rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$f")
		req=$(awk '/ requests in / { print $1 }' "$f")
		p50=$(ms 50% < "$f")
		p99=$(ms 99% < "$f")
		errs=$(awk '/Non-2xx|Socket errors/ { s = s $0 " " } END { print s }' "$f")
		[ -n "$errs" ] && log "$name run $i: $errs"
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$rps" "$p50" "$p99" "${errs:-}" \
		    "$(per_request "$cpu" "$req")" "$req" >> "$OUT/runs.tmp"
	done
	sort -n "$OUT/runs.tmp" | sed -n "$(( (RUNS + 1) / 2 ))p" |
	    awk -v n="$name" -v s="$set" -F'\t' 'BEGIN { OFS = "\t" } { print n, s, $0 }' >> "$RESULTS"
	log "$name ($set): $(tail -1 "$RESULTS" | cut -f3-5 | tr '\t' ' ') (req/s p50 p99);" \
	    "CPU us/request $(tail -1 "$RESULTS" | cut -f7-10 | tr '\t' ' ') (db app nginx client)"
}

# The database alone: the same read and commit from WORKERS threads.
dbceiling() {	# name mode set
	local i cpu ops p50 p99
	: > "$OUT/runs.tmp"
	for i in $(seq "$RUNS"); do
		cpu=$(measure "$OUT/dbceil.tmp" "$OUT/dbceil" "$DIR/run/mysqld.sock" "$2" \
		    "$WORKERS" "$DURATION" "$MAXID")
		# "ops/s p50 p99"; the operations are ops/s times the seconds
		read -r ops p50 p99 < "$OUT/dbceil.tmp"
		printf '%s\t%s\t%s\t\t%s\t%s\n' "$ops" "$p50" "$p99" \
		    "$(per_request "$cpu" $(( ops * DURATION )))" $(( ops * DURATION )) >> "$OUT/runs.tmp"
	done
	sort -n "$OUT/runs.tmp" | sed -n "$(( (RUNS + 1) / 2 ))p" |
	    awk -v n="$1" -v s="$3" -F'\t' 'BEGIN { OFS = "\t" } { print n, s, $0 }' >> "$RESULTS"
	log "$1 ($3): $(tail -1 "$RESULTS" | cut -f3-5 | tr '\t' ' ') (ops/s p50 p99)"
}

# One sign-in: its access token.
token() {	# login password
	curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
	    -d "{\"login\":\"$1\",\"password\":\"$2\"}" |
	    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).access_token))'
}

# A list's first page as TOKEN: "ORDERS-ON-IT NEXT-CURSOR".
first_page() {	# token [cursor]
	curl -sf "$BASE/api/v1/orders?limit=50${2:+&after=$2}" -H "Authorization: Bearer $1" |
	    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);
	      console.log((j.items||[]).length, j.next_cursor||"")})'
}

# Token files: "TOKEN PATH" lines for the read scenarios; pages.tsv how
# full the lists' first pages are (set, list, fewest and most orders on
# a first page, readers, readers with a next page, fewest and most orders
# on a next page).
prepare() {	# set
	local i login tok n c c2 n2
	: > "$OUT/orders.txt"; : > "$OUT/pages.txt"; : > "$OUT/buyers.txt"
	: > "$OUT/list-dealer.txt"; : > "$OUT/list-dealer-next.txt"
	: > "$OUT/list-approver.txt"; : > "$OUT/list-approver-next.txt"
	: > "$OUT/fill-dealer.tmp"; : > "$OUT/fill-approver.tmp"
	for i in $(seq 1 "$FOCUS"); do
		login=$(printf 'bench.b%05d' "$i")
		tok=$(token "$login" dealernet-bench)
		echo "$tok" >> "$OUT/buyers.txt"
		for n in $(sqlq "SELECT o.number FROM orders o JOIN users u ON u.org_id = o.dealer_id WHERE u.login = '$login' ORDER BY o.id DESC LIMIT 20"); do
			echo "$tok /api/v1/orders/$n" >> "$OUT/orders.txt"
			echo "$tok /orders/$n" >> "$OUT/pages.txt"
		done
		echo "$tok /api/v1/orders?limit=50" >> "$OUT/list-dealer.txt"
		read -r c n <<< "$(first_page "$tok")"
		c2=0; [ -n "$n" ] && read -r c2 n2 <<< "$(first_page "$tok" "$n")"
		echo "$c ${n:+1} $c2" >> "$OUT/fill-dealer.tmp"
		[ -n "$n" ] && echo "$tok /api/v1/orders?limit=50&after=$n" >> "$OUT/list-dealer-next.txt"
	done
	for i in $(seq 1 42); do
		tok=$(token "$(printf 'bench.a%02d' "$i")" dealernet-bench)
		echo "$tok /api/v1/orders?limit=50" >> "$OUT/list-approver.txt"
		read -r c n <<< "$(first_page "$tok")"
		c2=0; [ -n "$n" ] && read -r c2 n2 <<< "$(first_page "$tok" "$n")"
		echo "$c ${n:+1} $c2" >> "$OUT/fill-approver.tmp"
		[ -n "$n" ] && echo "$tok /api/v1/orders?limit=50&after=$n" >> "$OUT/list-approver-next.txt"
	done
	for n in dealer approver; do
		awk -v s="$1" -v l="list-$n" 'NR == 1 || $1 < lo { lo = $1 } $1 > hi { hi = $1 }
		    $2 == 1 && (nx == 0 || $3 < lo2) { lo2 = $3 } $2 == 1 && $3 > hi2 { hi2 = $3 }
		    { k++; nx += ($2 == 1) }
		    END { printf "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\n", s, l, lo, hi, k, nx, lo2, hi2 }' \
		    "$OUT/fill-$n.tmp" >> "$OUT/pages.tsv"
	done
	log "first pages ($1): $(grep -P "^$1\t" "$OUT/pages.tsv" | cut -f2-8 | tr '\t\n' ' ;')" \
	    "(list, fewest, most orders, readers, with a next page, its fewest, most)"
	# the staff dashboard: HQ's (every dealer) and a region's, as pages
	tok=$(token hq.key dealernet-demo)
	echo "$tok /dashboard" > "$OUT/hq-dashboard.txt"
	echo "$tok /api/v1/kpis/dealers?limit=50" > "$OUT/hq-kpi-dealers.txt"
	tok=$(token bench.a01 dealernet-bench)
	echo "$tok /dashboard" > "$OUT/region-dashboard.txt"
	MAXID=$(sqlq "SELECT MAX(id) FROM orders")
}

# A read scenario over a "TOKEN PATH" file, if it has lines (a dealer of
# the small set may have no second page).
lines() {	# name set file mode
	if [ ! -s "$3" ]; then
		log "$1 ($2): no requests to make, skipped"
		return
	fi
	scenario "$1" "$2" -s tests/bench/lines.lua "$BASE" -- "$3" "$4"
}

lists() {	# set
	lines list-dealer-first "$1" "$OUT/list-dealer.txt" api
	lines list-dealer-cursor "$1" "$OUT/list-dealer-next.txt" api
	lines list-approver-first "$1" "$OUT/list-approver.txt" api
	lines list-approver-cursor "$1" "$OUT/list-approver-next.txt" api
}

# The search box (issue #24): "TOKEN PATH" lines of GET /api/v1/search for
# the first 16 focus buyers (their orders' numbers, a prefix of one, POs,
# waybills, complaints' numbers) and for the 42 regions' approvers (their
# region's), each with the same Chinese and English words of the
# complaints' threads (seed bench's texts).
search_prepare() {
	local i login tok q org
	: > "$OUT/search-dealer.txt"; : > "$OUT/search-region.txt"
	WORDS=$(node -e 'for (const w of ["漏水", "冰箱门", "门", "安装", "送货延迟", "发票金额", "door", "leaks floor", "technician"])
	    console.log(encodeURIComponent(w))')
	for i in $(seq 1 16); do
		login=$(printf 'bench.b%05d' "$i")
		tok=$(token "$login" dealernet-bench)
		org=$(sqlq "SELECT org_id FROM users WHERE login = '$login'")
		for q in $(sqlq "(SELECT number FROM orders WHERE dealer_id = $org ORDER BY id DESC LIMIT 4)
		    UNION ALL (SELECT LEFT(number, 12) FROM orders WHERE dealer_id = $org ORDER BY id DESC LIMIT 1)
		    UNION ALL (SELECT po_number FROM orders WHERE dealer_id = $org AND po_number IS NOT NULL ORDER BY id DESC LIMIT 3)
		    UNION ALL (SELECT e.waybill FROM orders o JOIN order_events e ON e.order_id = o.id AND e.waybill IS NOT NULL
		      WHERE o.dealer_id = $org ORDER BY o.id DESC LIMIT 3)
		    UNION ALL (SELECT number FROM complaints WHERE dealer_id = $org ORDER BY id DESC LIMIT 2)") $WORDS; do
			echo "$tok /api/v1/search?q=$q" >> "$OUT/search-dealer.txt"
		done
	done
	for i in $(seq 1 42); do
		login=$(printf 'bench.a%02d' "$i")
		tok=$(token "$login" dealernet-bench)
		org=$(sqlq "SELECT org_id FROM users WHERE login = '$login'")
		for q in $(sqlq "(SELECT number FROM orders WHERE region_id = $org ORDER BY id DESC LIMIT 2)
		    UNION ALL (SELECT po_number FROM orders WHERE region_id = $org AND po_number IS NOT NULL ORDER BY id DESC LIMIT 2)
		    UNION ALL (SELECT e.waybill FROM orders o JOIN order_events e ON e.order_id = o.id AND e.waybill IS NOT NULL
		      WHERE o.region_id = $org ORDER BY o.id DESC LIMIT 2)
		    UNION ALL (SELECT number FROM complaints WHERE region_id = $org ORDER BY id DESC LIMIT 1)") $WORDS; do
			echo "$tok /api/v1/search?q=$q" >> "$OUT/search-region.txt"
		done
	done
	log "search queries: $(wc -l < "$OUT/search-dealer.txt") for 16 buyers," \
	    "$(wc -l < "$OUT/search-region.txt") for 42 regions' approvers;" \
	    "$(sqlq "SELECT COUNT(*) FROM complaints") complaints, $(sqlq "SELECT COUNT(*) FROM search_terms") postings"
}

searches() {	# set
	search_prepare
	wrk -t2 -c$CONNS -d3s -s tests/bench/lines.lua "$BASE" -- "$OUT/search-region.txt" api > /dev/null 2>&1 || true
	lines search-dealer "$1" "$OUT/search-dealer.txt" api
	lines search-region "$1" "$OUT/search-region.txt" api
}

# A few seconds of order reads and lists, not counted: every scenario
# meets a warm app and buffer pool, the 10k set as much as the full one.
warmup() {
	cat "$OUT/orders.txt" "$OUT/list-dealer.txt" "$OUT/list-approver.txt" > "$OUT/warm.txt"
	wrk -t2 -c$CONNS -d3s -s tests/bench/lines.lua "$BASE" -- "$OUT/warm.txt" api > /dev/null 2>&1 || true
}

reads() {	# set
	warmup
	[ "$ONLY" = lists ] || lines order-read "$1" "$OUT/orders.txt" api
	lists "$1"
	[ "$ONLY" = lists ] || lines order-page "$1" "$OUT/pages.txt" page
}

rss_kib() {	# the app: master and workers
	local pid
	pid=$(cat "$DIR/run/app.pid")
	ps -o rss= -p "$pid" --ppid "$pid" | awk '{ s += $1 } END { print s }'
}

# The app restarted with the environment given (as deployed without).
app_restart() {
	APP=$APP WORKERS=$WORKERS deploy/local/stack.sh app-restart "$DIR" "$PORT" >> "$OUT/stack.log" 2>&1
	until curl -fs "$BASE/healthz" > /dev/null; do sleep 0.2; done
}

# The seeding of N more orders, CHUNK at a time (one transaction each).
# The stack's MariaDB has a 256 MiB buffer pool and a 64 MiB redo log, and
# reads its files with O_DIRECT: past a few million orders every row of
# the seed read and wrote back pages of orders' secondary indexes from
# the disk (a 10 M run, 2026-12-05: the orders step of the first million
# took 45 s, of the fourth 420 s).  The rest is seeded with SEED_POOL and
# a 1 GiB redo log; the stack's own sizes are back, the resize finished,
# before anything is measured.
SEED_POOL=${SEED_POOL:-8G}
seeding_sizes() {	# on|off
	local pool log
	if [ "$1" = on ]; then
		POOL0=$(sqlq "SELECT @@innodb_buffer_pool_size")
		LOG0=$(sqlq "SELECT @@innodb_log_file_size")
		pool=$(numfmt --from=iec "$SEED_POOL"); log=$((1 << 30))
	else
		pool=$POOL0; log=$LOG0
	fi
	sqlq "SET GLOBAL innodb_buffer_pool_size = $pool"
	sqlq "SET GLOBAL innodb_log_file_size = $log"
	while [ "$(sqlq "SELECT @@innodb_buffer_pool_size")" != "$pool" ] ||
	    sqlq "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_resize_status'" |
	    grep -qiv "completed\|^Innodb_buffer_pool_resize_status\s*$"; do
		sleep 1
	done
}

seed_orders() {	# n [seed bench options]
	local left=$1 k
	shift
	while [ "$left" -gt 0 ]; do
		k=$(( left < CHUNK ? left : CHUNK ))
		"$APP" seed bench --orders "$k" "$@" >> "$OUT/seed.log" 2>&1
		left=$(( left - k ))
	done
}

# The 64 sign-ins at once (burst.js), RUNS rounds: one row of results.tsv
# (sign-ins/s over the rounds' wall time, p50, p99, errors, CPU per
# sign-in) and burst.json.
burst() {
	local cpu
	cpu=$(measure "$OUT/burst.json" node tests/bench/burst.js "$BASE" 64 "$RUNS" 30000 2000)
	node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
	    const e=[j.errors?`errors ${j.errors} ${JSON.stringify(j.error_statuses)}`:"",
	      j.timeouts?`timeouts ${j.timeouts} (over ${j.timeout_ms} ms)`:""].filter(Boolean).join(", ");
	    console.log(["login-burst-64","full",Math.round(j.count/(j.wall_ms/1000)),
	      j.p50_ms,j.p99_ms,e].join("\t"))' "$OUT/burst.json" |
	    tr -d '\n' >> "$RESULTS"
	printf '\t%s\t%s\n' "$(per_request "$cpu" "$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).count' "$OUT/burst.json")")" \
	    "$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).count' "$OUT/burst.json")" >> "$RESULTS"
	log "login burst: $(cat "$OUT/burst.json")"
}

# A profile of the app and MariaDB (perf, user space) during one more
# order-read run at full size, not counted: the top symbols.
profile() {
	local app pids
	rm -f "$OUT/perf-order-read.txt"
	if [ "$PERF" = 0 ] || ! command -v perf > /dev/null; then return 0; fi
	app=$(cat "$DIR/run/app.pid")
	pids=$(echo "$(cat "$DIR/run/mariadbd.pid")" "$app" $(ps -o pid= --ppid "$app") | tr -s ' ' ',')
	perf record -q -g -F 499 -p "$pids" -o "$OUT/perf-order-read.data" -- sleep "$DURATION" \
	    > "$OUT/perf.log" 2>&1 &
	local perfpid=$!
	wrk -t2 -c$CONNS -d${DURATION}s -s tests/bench/lines.lua "$BASE" -- "$OUT/orders.txt" api \
	    > "$OUT/wrk-order-read-profiled.txt" 2>&1
	# by process and library, then by symbol
	if wait "$perfpid" && { perf report -q --stdio --no-children --sort comm,dso \
	    -g none --percent-limit 1 -i "$OUT/perf-order-read.data" 2> /dev/null |
	    grep -v '^$' | sed 's/[ -]*$//' | head -12; echo; perf report -q --stdio \
	    --no-children --sort comm,dso,symbol -g none --percent-limit 0.7 \
	    -i "$OUT/perf-order-read.data" 2> /dev/null | grep -v '^$' | sed 's/[ -]*$//' |
	    head -30; } > "$OUT/perf-order-read.txt" && grep -q % "$OUT/perf-order-read.txt"; then
		log "profile of order-read: $OUT/perf-order-read.txt"
	else
		log "perf did not work here (see $OUT/perf.log); no profile"
		rm -f "$OUT/perf-order-read.txt"
	fi
}

mkdir -p "$OUT"
rm -rf "$DIR"
: > "$RESULTS"
: > "$OUT/pages.tsv"
: > "$OUT/seed.log"
: > "$OUT/close.jsonl"
rm -f "$OUT/burst.json" "$OUT/exports.jsonl"
log "stack under $DIR, port $PORT, $WORKERS app threads"
APP=$APP WORKERS=$WORKERS deploy/local/stack.sh up "$DIR" "$PORT" > "$OUT/stack.log" 2>&1

log "seeding $SMALL orders, $FOCUS_TENTHS in 10 to the first $FOCUS dealers"
"$APP" seed bench --orders $SMALL --focus $FOCUS --focus-tenths $FOCUS_TENTHS >> "$OUT/seed.log" 2>&1
if [ "$ONLY" != search ]; then
	prepare 10k
	reads 10k
fi

log "seeding $((ORDERS - SMALL)) more orders (buffer pool $SEED_POOL while seeding)"
SECONDS=0
seeding_sizes on
seed_orders $((ORDERS - SMALL))
seeding_sizes off
SEED_SECONDS=$SECONDS
log "seeded in ${SEED_SECONDS}s"
ST_SECONDS=""		# none seeded
if [ "$ONLY" != lists ] && [ "$ONLY" != search ] && [ "$SELLTHROUGH" != 0 ]; then
	log "seeding a year of weekly sell-through for 5,000 dealers"
	SECONDS=0
	"$APP" seed bench --orders 0 --sellthrough >> "$OUT/seed.log" 2>&1
	ST_SECONDS=$SECONDS
	log "seeded in ${ST_SECONDS}s"
fi
P=tests/bench/post.lua
RSS=0
if [ "$ONLY" = search ]; then
	MAXID=$(sqlq "SELECT MAX(id) FROM orders")
	searches full
elif [ "$ONLY" = lists ]; then
	prepare full
	warmup
	lists full
else
	prepare full
	scenario a-static full "$BASE/static/style.css"
	scenario b-fastcgi full "$BASE/api/v1"
	scenario c-pk-read full -s $P "$BASE" -- read "$MAXID"
	scenario d-commit full -s $P "$BASE" -- write
	dbceiling e-db-read read full
	dbceiling e-db-commit write full
	reads full
	profile
	scenario submit full -s $P "$BASE" -- submit "$OUT/buyers.txt"
	# issue #22: 64 sign-ins at once, the app as deployed
	burst
	# Sustained sign-ins, as measured before issue #18: all threads may
	# hash (the app's bound on threads in sign-in lifted) and wait a
	# minute for a slot; make bench-login measures the bounds.
	DEALERNET_LOGIN_THREADS=$WORKERS DEALERNET_HASH_WAIT_MS=60000 app_restart
	scenario login full -s $P "$BASE" -- login 1000
	app_restart
	CONNS=64 lines order-read-64 full "$OUT/orders.txt" api
	if [ "$SELLTHROUGH" != 0 ]; then
		# the dashboards read the year of sell-through of 5,000 dealers (issue #10)
		CONNS=4 lines hq-dashboard full "$OUT/hq-dashboard.txt" page
		CONNS=4 lines hq-kpi-dealers full "$OUT/hq-kpi-dealers.txt" api
		CONNS=4 lines region-dashboard full "$OUT/region-dashboard.txt" page
	fi
	# issue #24: the search box, as a buyer and as a region
	searches full
	RSS=$(rss_kib)
	log "app RSS after 64 connections: $RSS KiB"
	# issue #24: the orders' CSV of HQ (a tenth of ORDERS) and of a region,
	# streamed: time and the worker's memory over each
	if [ "$EXPORTS" != 0 ]; then
		DIR=$DIR PORT=$PORT OUT=$OUT RUNS=$RUNS tests/bench/export.sh
	fi
fi

# Closing a month (issue #18): ~1,000,000 ledger entries in each of the
# two months before this one (China's), every dealer alike; each month is
# closed through the API while 4 clients post back to back (close.js).
# The first close writes every dealer's first statement, the second reads
# the first's closing balances over a ledger twice as long.
month_back() { sqlq "SELECT DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR - INTERVAL $1 MONTH, '%Y-%m')"; }
seed_ledger() {	# period: ~LEDGER entries, as the database's root
	local p=$1 per a
	per=$(( (LEDGER + NDEALERS - 1) / NDEALERS ))
	for a in $(seq 1 20 "$per"); do
		sqlq "INSERT INTO ledger_entries (dealer_id, kind, amount, posted_on, period,
		    reference, memo, actor_user_id) SELECT d.id, IF(s.seq % 2, 'fee', 'payment'),
		    IF(s.seq % 2, 1, -1) * (1000 + CAST(s.seq AS SIGNED)),
		    STR_TO_DATE(CONCAT('$p-', 1 + s.seq % 28), '%Y-%m-%d'), '$p',
		    CONCAT('BENCH-$p-', s.seq), '', u.id FROM seq_${a}_to_$(( a + 19 < per ? a + 19 : per )) s
		    CROSS JOIN orgs d JOIN users u ON u.login = 'hq.finance' WHERE d.kind = 'dealer'"
	done
}
NDEALERS=$(sqlq "SELECT COUNT(*) FROM orgs WHERE kind = 'dealer'")
POSTERS=$(sqlq "SELECT GROUP_CONCAT(id) FROM (SELECT id FROM orgs WHERE kind = 'dealer' ORDER BY id LIMIT 200) d")
if [ "$ONLY" = lists ] || [ "$ONLY" = search ] || [ "$LEDGER" = 0 ]; then
	log "no month close (ONLY=$ONLY, LEDGER=$LEDGER)"
else
	for back in 2 1; do
		M=$(month_back $back)
		log "seeding ~$LEDGER ledger entries in $M for $NDEALERS dealers"
		SECONDS=0
		seed_ledger "$M"
		LEDGER_SECONDS=$SECONDS
		log "seeded in ${LEDGER_SECONDS}s; closing $M while 4 clients post"
		node tests/bench/close.js "$BASE" "$M" "$POSTERS" 4 5 |
		    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);
		      j.seed_s=+process.argv[1];j.entries=+process.argv[2];j.before=+process.argv[3];
		      console.log(JSON.stringify(j))})' "$LEDGER_SECONDS" \
		    "$(sqlq "SELECT SUM(n) FROM ledger_months WHERE period = '$M'")" \
		    "$(sqlq "SELECT COALESCE(SUM(n), 0) FROM ledger_months WHERE period < '$M'")" >> "$OUT/close.jsonl"
		log "close: $(tail -1 "$OUT/close.jsonl")"
	done
fi

# this run's record (tests/bench/recorded.json, or recorded-10m.json),
# then BENCHMARKS.md from the records
ORDERS=$ORDERS ROWS=$(sqlq "SELECT COUNT(*) FROM orders") SEED_SECONDS=$SEED_SECONDS SEED_POOL=$SEED_POOL FOCUS_TENTHS=$FOCUS_TENTHS RSS=$RSS \
    DURATION=$DURATION RUNS=$RUNS WORKERS=$WORKERS ONLY=$ONLY CHUNK=$CHUNK \
    ST_ROWS=$(sqlq "SELECT COUNT(*) FROM sellthrough") ST_SECONDS=$ST_SECONDS \
    ST_DEALERS=$(sqlq "SELECT COUNT(DISTINCT dealer_id) FROM sellthrough") \
    DB_MIB=$(sqlq "SELECT ROUND(SUM(data_length + index_length) / 1048576) FROM information_schema.tables WHERE table_schema = 'dealernet'") \
    node tests/bench/report.js save "$RECORD" "$OUT"
node tests/bench/report.js render > BENCHMARKS.md.new && mv BENCHMARKS.md.new BENCHMARKS.md
log "wrote BENCHMARKS.md (this run: tests/bench/recorded$([ $RECORD = main ] || echo -$RECORD).json)"
