#!/usr/bin/env bash
# run.sh: `make bench`: a stack of its own (var/bench, port 18100), the bench
# data set, and wrk through nginx, every scenario RUNS times for DURATION s
# with 32 connections; the median run's req/s, p50 and p99 go to BENCHMARKS.md.
#
#   ORDERS=1000000 DURATION=10 RUNS=3 LEDGER=1000000 tests/bench/run.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
ORDERS=${ORDERS:-1000000}
DURATION=${DURATION:-10}
RUNS=${RUNS:-3}
CONNS=32
SMALL=10000
DIR=$ROOT/var/bench
PORT=18100
BASE=http://127.0.0.1:$PORT
APP=$ROOT/build/bench/dealernetd
OUT=$ROOT/build/bench
RESULTS=$OUT/results.tsv
WORKERS=$(( $(nproc) * 2 ))
export DEALERNET_CONF=$DIR/dealernet.conf
# no tier run in the middle of a measurement
export DEALERNET_NIGHTLY_TIERS=0
# The login scenario measures how many argon2id checks the app does, all
# threads queueing for the hashing slots, as before issue #18: nginx's
# sign-in limit per address and the app's bound on threads in sign-in
# (both of which turn most of a one-address storm away) are lifted here;
# make bench-login measures them.
export LOGIN_RATE=100000r/s DEALERNET_LOGIN_THREADS=$(( $(nproc) * 2 ))
export DEALERNET_HASH_WAIT_MS=60000

sqlq() { mariadb --defaults-file="$DIR/my.cnf" -u root -N -B dealernet -e "$1"; }
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop() { deploy/local/stack.sh down "$DIR" "$PORT" >/dev/null 2>&1 || true; }
trap stop EXIT

# wrk's "50%   1.23ms" into milliseconds.
ms() {
	awk -v p="$1" '$1 == p { v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
	    if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.2f", v }'
}

# scenario NAME DATA-SET wrk-args...: RUNS runs, the median by req/s kept.
scenario() {
	local name=$1 set=$2 i f rps p50 p99 errs
	shift 2
	: > "$OUT/runs.tmp"
	for i in $(seq "$RUNS"); do
		f=$OUT/wrk-$name-$set-$i.txt
		wrk -t2 -c$CONNS -d${DURATION}s --latency "$@" > "$f" 2>&1
		rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$f")
		p50=$(ms 50% < "$f")
		p99=$(ms 99% < "$f")
		errs=$(awk '/Non-2xx|Socket errors/ { s = s $0 " " } END { print s }' "$f")
		[ -n "$errs" ] && log "$name run $i: $errs"
		printf '%s\t%s\t%s\t%s\n' "$rps" "$p50" "$p99" "${errs:-}" >> "$OUT/runs.tmp"
	done
	sort -n "$OUT/runs.tmp" | sed -n "$(( (RUNS + 1) / 2 ))p" |
	    awk -v n="$name" -v s="$set" -F'\t' '{ printf "%s\t%s\t%s\t%s\t%s\t%s\n", n, s, $1, $2, $3, $4 }' >> "$RESULTS"
	log "$name ($set): $(tail -1 "$RESULTS" | cut -f3-5 | tr '\t' ' ') (req/s p50 p99)"
}

# The database alone: the same read and commit from WORKERS threads.
dbceiling() {	# name mode set
	local i line
	: > "$OUT/runs.tmp"
	for i in $(seq "$RUNS"); do
		"$OUT/dbceil" "$DIR/run/mysqld.sock" "$2" "$WORKERS" "$DURATION" \
		    "$MAXID" >> "$OUT/runs.tmp"
	done
	line=$(sort -n "$OUT/runs.tmp" | sed -n "$(( (RUNS + 1) / 2 ))p")
	printf '%s\t%s\t%s\n' "$1" "$3" "$(echo "$line" | tr ' ' '\t')" >> "$RESULTS"
	log "$1 ($3): $line (ops/s p50 p99)"
}

# Token files: "TOKEN PATH" lines for the read scenarios.
prepare() {
	local i login tok n
	: > "$OUT/orders.txt"; : > "$OUT/pages.txt"; : > "$OUT/buyers.txt"
	: > "$OUT/list-dealer.txt"; : > "$OUT/list-dealer-next.txt"
	: > "$OUT/list-approver.txt"; : > "$OUT/list-approver-next.txt"
	for i in $(seq 1 48); do
		login=$(printf 'bench.b%05d' "$i")
		tok=$(curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
		    -d "{\"login\":\"$login\",\"password\":\"dealernet-bench\"}" |
		    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).access_token))')
		echo "$tok" >> "$OUT/buyers.txt"
		for n in $(sqlq "SELECT o.number FROM orders o JOIN users u ON u.org_id = o.dealer_id WHERE u.login = '$login' ORDER BY o.id DESC LIMIT 20"); do
			echo "$tok /api/v1/orders/$n" >> "$OUT/orders.txt"
			echo "$tok /orders/$n" >> "$OUT/pages.txt"
		done
		echo "$tok /api/v1/orders?limit=50" >> "$OUT/list-dealer.txt"
		n=$(curl -sf "$BASE/api/v1/orders?limit=50" -H "Authorization: Bearer $tok" |
		    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).next_cursor||""))')
		[ -n "$n" ] && echo "$tok /api/v1/orders?limit=50&after=$n" >> "$OUT/list-dealer-next.txt"
	done
	for i in $(seq 1 42); do
		login=$(printf 'bench.a%02d' "$i")
		tok=$(curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
		    -d "{\"login\":\"$login\",\"password\":\"dealernet-bench\"}" |
		    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).access_token))')
		echo "$tok /api/v1/orders?limit=50" >> "$OUT/list-approver.txt"
		n=$(curl -sf "$BASE/api/v1/orders?limit=50" -H "Authorization: Bearer $tok" |
		    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).next_cursor||""))')
		[ -n "$n" ] && echo "$tok /api/v1/orders?limit=50&after=$n" >> "$OUT/list-approver-next.txt"
	done
	# the staff dashboard: HQ's (every dealer) and a region's, as pages
	tok=$(curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
	    -d '{"login":"hq.key","password":"dealernet-demo"}' |
	    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).access_token))')
	echo "$tok /dashboard" > "$OUT/hq-dashboard.txt"
	echo "$tok /api/v1/kpis/dealers?limit=50" > "$OUT/hq-kpi-dealers.txt"
	tok=$(curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
	    -d '{"login":"bench.a01","password":"dealernet-bench"}' |
	    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).access_token))')
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

reads() {	# set
	lines order-read "$1" "$OUT/orders.txt" api
	lines list-dealer-first "$1" "$OUT/list-dealer.txt" api
	lines list-dealer-cursor "$1" "$OUT/list-dealer-next.txt" api
	lines list-approver-first "$1" "$OUT/list-approver.txt" api
	lines list-approver-cursor "$1" "$OUT/list-approver-next.txt" api
	lines order-page "$1" "$OUT/pages.txt" page
}

rss_kib() {	# the app: master and workers
	local pid
	pid=$(cat "$DIR/run/app.pid")
	ps -o rss= -p "$pid" --ppid "$pid" | awk '{ s += $1 } END { print s }'
}

mkdir -p "$OUT"
rm -rf "$DIR"
: > "$RESULTS"
log "stack under $DIR, port $PORT, $WORKERS app threads"
APP=$APP WORKERS=$WORKERS deploy/local/stack.sh up "$DIR" "$PORT" > "$OUT/stack.log" 2>&1

log "seeding $SMALL orders"
SECONDS=0
"$APP" seed bench --orders $SMALL >> "$OUT/seed.log" 2>&1
prepare
reads 10k

log "seeding $((ORDERS - SMALL)) more orders"
SECONDS=0
"$APP" seed bench --orders $((ORDERS - SMALL)) >> "$OUT/seed.log" 2>&1
SEED_SECONDS=$SECONDS
log "seeded in ${SEED_SECONDS}s"
log "seeding a year of weekly sell-through for 5,000 dealers"
SECONDS=0
"$APP" seed bench --orders 0 --sellthrough >> "$OUT/seed.log" 2>&1
ST_SECONDS=$SECONDS
log "seeded in ${ST_SECONDS}s"
prepare
P=tests/bench/post.lua
scenario a-static full "$BASE/static/style.css"
scenario b-fastcgi full "$BASE/api/v1"
scenario c-pk-read full -s $P "$BASE" -- read "$MAXID"
scenario d-commit full -s $P "$BASE" -- write
dbceiling e-db-read read full
dbceiling e-db-commit write full
reads full
scenario submit full -s $P "$BASE" -- submit "$OUT/buyers.txt"
scenario login full -s $P "$BASE" -- login 1000
CONNS=64 lines order-read-64 full "$OUT/orders.txt" api
# the dashboards read the year of sell-through of 5,000 dealers (issue #10)
CONNS=4 lines hq-dashboard full "$OUT/hq-dashboard.txt" page
CONNS=4 lines hq-kpi-dealers full "$OUT/hq-kpi-dealers.txt" api
CONNS=4 lines region-dashboard full "$OUT/region-dashboard.txt" page
RSS=$(rss_kib)
log "app RSS after 64 connections: $RSS KiB"

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
LEDGER=${LEDGER:-1000000}
NDEALERS=$(sqlq "SELECT COUNT(*) FROM orgs WHERE kind = 'dealer'")
POSTERS=$(sqlq "SELECT GROUP_CONCAT(id) FROM (SELECT id FROM orgs WHERE kind = 'dealer' ORDER BY id LIMIT 200) d")
: > "$OUT/close.jsonl"
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

ROWS=$(sqlq "SELECT COUNT(*) FROM orders")
ST_ROWS=$(sqlq "SELECT COUNT(*) FROM sellthrough")
ST_DEALERS=$(sqlq "SELECT COUNT(DISTINCT dealer_id) FROM sellthrough")
CLOSE_RESULTS=$OUT/close.jsonl node tests/bench/report.js "$RESULTS" "$ORDERS" "$ROWS" "$SEED_SECONDS" "$RSS" \
    "$DURATION" "$RUNS" "$WORKERS" "$ST_ROWS" "$ST_DEALERS" "$ST_SECONDS" > BENCHMARKS.md.new && mv BENCHMARKS.md.new BENCHMARKS.md
log "wrote BENCHMARKS.md"
