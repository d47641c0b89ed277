#!/usr/bin/env bash
# notify.sh: `make bench-notify`: shipping orders through the API as the
# ERP, with notifications off and on (issue #20: the outbox must not slow
# the transaction).  A stack of its own (var/bench-notify, port 18100: not
# while make bench runs), the demo data and ORDERS bench orders put in
# production; every dealer user has an e-mail address, so each shipment
# notifies its dealer's buyers in the portal and by e-mail (the local mail
# server).  RUNS rounds of off then on, each DURATION s with CONNS
# connections on orders not shipped before; the median round by req/s of
# each goes to build/bench-notify/results.tsv, and the table to the
# section of BENCHMARKS.md between its markers.
#
#   ORDERS=600000 DURATION=10 RUNS=3 tests/bench/notify.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
ORDERS=${ORDERS:-600000}
DURATION=${DURATION:-10}
RUNS=${RUNS:-3}
CONNS=${CONNS:-16}
DIR=$ROOT/var/bench-notify
PORT=18100
BASE=http://127.0.0.1:$PORT
APP=${APP:-$ROOT/build/bench/dealernetd}
OUT=$ROOT/build/bench-notify
WORKERS=$(( $(nproc) * 2 ))
export DEALERNET_NIGHTLY_TIERS=0

log() { printf '[bench-notify %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
sqlq() { mariadb --defaults-file="$DIR/my.cnf" -u root -N -B dealernet -e "$1"; }
stop() { deploy/local/stack.sh down "$DIR" "$PORT" >/dev/null 2>&1 || true; }
trap stop EXIT
ms() {
	awk -v p="$1" '$1 == p { v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
	    if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.2f", v }'
}

mkdir -p "$OUT"
rm -rf "$DIR"
log "stack under $DIR, port $PORT, $WORKERS app threads"
APP=$APP WORKERS=$WORKERS deploy/local/stack.sh up "$DIR" "$PORT" > "$OUT/stack.log" 2>&1
log "seeding $ORDERS orders"
DEALERNET_CONF=$DIR/dealernet.conf "$APP" seed bench --orders "$ORDERS" > "$OUT/seed.log" 2>&1
sqlq "UPDATE users SET email = CONCAT(login, '@dealernet.example') WHERE email IS NULL AND FIND_IN_SET('erp', roles) = 0"
sqlq "UPDATE orders SET status = 'in_production', version = version + 1 WHERE status IN ('submitted', 'approved', 'scheduled')"
sqlq "SELECT number FROM orders WHERE status = 'in_production' ORDER BY RAND(7)" > "$OUT/pool.txt"
log "$(wc -l < "$OUT/pool.txt") orders in production to ship"
# every request of a round must find an order of its own: a round that
# ran out would answer 409s, fast, and count them
[ "$(wc -l < "$OUT/pool.txt")" -ge $(( 2 * RUNS * DURATION * 3000 )) ] ||
	log "warning: a pool this small may run out at 3,000 shipments/s"
KEY=$(cat "$DIR/erp.apikey")

# run ONOFF N: the app restarted with notifications ONOFF, then wrk on the
# N-th slice of the pool; "rps p50 p99 non2xx" to stdout
per=$(( $(wc -l < "$OUT/pool.txt") / (2 * RUNS) ))
run() {
	local f=$OUT/wrk-$1-$2.txt
	DEALERNET_NOTIFICATIONS=$1 APP=$APP deploy/local/stack.sh app-restart "$DIR" "$PORT" >> "$OUT/stack.log" 2>&1
	until curl -fs "$BASE/healthz" > /dev/null; do sleep 0.2; done
	sed -n "$(( $2 * per + 1 )),$(( ($2 + 1) * per ))p" "$OUT/pool.txt" > "$OUT/slice.txt"
	wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s tests/bench/ship.lua "$BASE" -- \
	    "$OUT/slice.txt" "$KEY" 2 > "$f" 2>&1
	printf '%s %s %s %s\n' "$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$f")" \
	    "$(ms 50% < "$f")" "$(ms 99% < "$f")" \
	    "$(awk '/Non-2xx/ { print $NF }' "$f" | tail -1)"
}
: > "$OUT/off.txt"; : > "$OUT/on.txt"
for i in $(seq 0 $(( RUNS - 1 ))); do
	run 0 $(( 2 * i )) >> "$OUT/off.txt"
	log "off: $(tail -1 "$OUT/off.txt") (req/s p50 p99 non-2xx)"
	run 1 $(( 2 * i + 1 )) >> "$OUT/on.txt"
	log "on:  $(tail -1 "$OUT/on.txt") (req/s p50 p99 non-2xx)"
done
# what the "on" rounds queued: how far the delivery got during the load,
# then how long the rest takes with the load gone (at most 5 minutes)
QUEUED=$(sqlq "SELECT COUNT(*) FROM notify_events")
FANNED=$(sqlq "SELECT COUNT(*) FROM notify_events WHERE fanned_at IS NOT NULL")
SENT=$(sqlq "SELECT COUNT(*) FROM outbox WHERE state = 'sent'")
SECONDS=0
until [ "$(sqlq "SELECT (SELECT COUNT(*) FROM notify_events WHERE fanned_at IS NULL) + (SELECT COUNT(*) FROM outbox WHERE state = 'pending')")" = 0 ] ||
    [ $SECONDS -ge 300 ]; do
	sleep 1
done
DRAIN=$SECONDS
OUTBOX=$(sqlq "SELECT COUNT(*) FROM outbox")
NOTES=$(sqlq "SELECT COUNT(*) FROM notifications")
DRAINED=$(sqlq "SELECT COUNT(*) FROM outbox WHERE state = 'sent'")
median() { sort -n "$1" | sed -n "$(( (RUNS + 1) / 2 ))p"; }
read -r OFF OFF50 OFF99 OFFERR < <(median "$OUT/off.txt")
read -r ON ON50 ON99 ONERR < <(median "$OUT/on.txt")
RATIO=$(awk -v a="$ON" -v b="$OFF" 'BEGIN { printf "%.1f", 100 * a / b }')
printf 'off\t%s\t%s\t%s\t%s\non\t%s\t%s\t%s\t%s\n' "$OFF" "$OFF50" "$OFF99" "${OFFERR:-0}" \
    "$ON" "$ON50" "$ON99" "${ONERR:-0}" > "$OUT/results.tsv"
log "off $OFF req/s, on $ON req/s: $RATIO %"

{
	echo "<!-- bench-notify: made by tests/bench/notify.sh; do not edit by hand -->"
	echo "## Shipping with notifications on and off (make bench-notify)"
	echo
	echo "$(date -u +%Y-%m-%d), $(nproc) cores, \`make bench-notify\` (ORDERS=$ORDERS DURATION=$DURATION RUNS=$RUNS,"
	echo "$CONNS connections, $WORKERS app threads): the ERP ships orders in production"
	echo "through nginx, each once (\`POST /api/v1/orders/{n}/events\`, which also posts the"
	echo "invoice); rounds of notifications off, then on (the app restarted with"
	echo "\`notifications = 0|1\`), the median round of each by req/s."
	echo
	echo "| notifications | shipments/s | p50 ms | p99 ms | non-2xx |"
	echo "|---|---|---|---|---|"
	echo "| off | $OFF | $OFF50 | $OFF99 | ${OFFERR:-0} |"
	echo "| on | $ON | $ON50 | $ON99 | ${ONERR:-0} |"
	echo
	echo "With them on: **$RATIO %** of the throughput with them off (the target: at least 90 %)."
	echo "During the rounds the delivery tick (sharing the 2 cores with the load) fanned out"
	echo "$FANNED of the $QUEUED events and sent $SENT e-mails; with the load gone, the rest"
	echo "($QUEUED events, $NOTES notifications, $OUTBOX e-mails; $DRAINED sent) took $DRAIN s more."
	echo "<!-- /bench-notify -->"
} > "$OUT/section.md"
node -e '
const fs = require("fs");
const [file, sec] = process.argv.slice(1);
const s = fs.readFileSync(sec, "utf8").trimEnd();
let b = fs.readFileSync(file, "utf8");
const re = /<!-- bench-notify:[^]*?<!-- \/bench-notify -->/;
b = re.test(b) ? b.replace(re, s) : b.trimEnd() + "\n\n" + s + "\n";
fs.writeFileSync(file, b);' BENCHMARKS.md "$OUT/section.md"
log "wrote its section of BENCHMARKS.md"
