#!/usr/bin/env bash
# login-flood.sh: `make bench-login`: order reads of a signed-in user, alone
# and then during a flood of wrong sign-ins from one address (issue #18).
# A stack of its own (var/bench-login, port 18100: not while make bench
# runs, which uses it too), the demo data set, nginx's
# sign-in limit as deployed.  wrk reads D0001's orders as d0001.buyer with
# READERS connections for DURATION s, RUNS times, alone; then the same
# while another wrk sends wrong sign-ins with FLOODERS connections, each
# pausing PAUSE ms before each request (0: as fast as answers come).  The
# median run of each (by p99) and the flood's answers go to
# build/bench-login/results.txt.
#
#   APP=build/dealernetd DURATION=10 RUNS=3 tests/bench/login-flood.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
DURATION=${DURATION:-10}
RUNS=${RUNS:-3}
READERS=${READERS:-8}
FLOODERS=${FLOODERS:-60}
PAUSE=${PAUSE:-0}
DIR=${DIR:-$ROOT/var/bench-login}
PORT=18100
BASE=http://127.0.0.1:$PORT
APP=${APP:-$ROOT/build/dealernetd}
OUT=$ROOT/build/bench-login
WORKERS=$(( $(nproc) * 2 ))
export DEALERNET_NIGHTLY_TIERS=0

log() { printf '[bench-login %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
stop() { deploy/local/stack.sh down "$DIR" "$PORT" >/dev/null 2>&1 || true; }
trap stop EXIT

# wrk's "99%   1.23ms" into milliseconds.
ms() {
	awk -v p="$1" '$1 == p { v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
	    if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.2f", v }'
}
hashes() { curl -s "$BASE/metrics" | awk '/^dealernet_password_hashes_total / { print $2 }'; }

reads() {	# file
	wrk -t2 -c"$READERS" -d"${DURATION}"s --latency -s tests/bench/lines.lua \
	    "$BASE" -- "$OUT/orders.txt" api > "$1" 2>&1
}

summary() {	# wrk output: req/s p50 p99 non-2xx
	printf '%s %s %s %s\n' "$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$1")" \
	    "$(ms 50% < "$1")" "$(ms 99% < "$1")" \
	    "$(awk '/Non-2xx/ { print $NF }' "$1" | grep . || echo 0)"
}

mkdir -p "$OUT"
rm -rf "$DIR"
log "stack under $DIR, port $PORT, $WORKERS app threads, app $APP"
APP=$APP WORKERS=$WORKERS deploy/local/stack.sh up "$DIR" "$PORT" > "$OUT/stack.log" 2>&1
tok=$(curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"login":"d0001.buyer","password":"dealernet-demo"}' |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).access_token))')
curl -sf "$BASE/api/v1/orders?limit=50" -H "Authorization: Bearer $tok" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const o of JSON.parse(s).items)console.log(process.argv[1]+" /api/v1/orders/"+o.number)})' "$tok" \
    > "$OUT/orders.txt"
log "$(wc -l < "$OUT/orders.txt") orders of D0001 to read"

: > "$OUT/alone.tmp"; : > "$OUT/flood.tmp"
for i in $(seq "$RUNS"); do
	reads "$OUT/alone-$i.txt"
	echo "$(summary "$OUT/alone-$i.txt")" >> "$OUT/alone.tmp"
	log "alone $i: $(tail -1 "$OUT/alone.tmp") (req/s p50 p99 non-2xx)"
	h0=$(hashes)
	wrk -t2 -c"$FLOODERS" -d$((DURATION + 4))s -s tests/bench/flood.lua "$BASE" \
	    -- "$PAUSE" > "$OUT/flood-wrk-$i.txt" 2>&1 &
	fpid=$!
	sleep 2
	reads "$OUT/flood-$i.txt"
	wait "$fpid"
	h1=$(hashes)
	echo "$(summary "$OUT/flood-$i.txt") $(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$OUT/flood-wrk-$i.txt") $((h1 - h0)) $(grep '^statuses' "$OUT/flood-wrk-$i.txt" | cut -d' ' -f2- | tr ' ' ',')" >> "$OUT/flood.tmp"
	log "flood $i: $(tail -1 "$OUT/flood.tmp") (req/s p50 p99 non-2xx; flood req/s, hashes, statuses)"
	# the next round starts from an address the app has not throttled
	mariadb --defaults-file="$DIR/my.cnf" -u root dealernet -e "DELETE FROM login_failures; DELETE FROM login_names" 2>/dev/null || \
	    mariadb --defaults-file="$DIR/my.cnf" -u root dealernet -e "DELETE FROM login_failures"
	sleep 3
done
{
	echo "app $APP, $WORKERS threads, $(nproc) cores; $READERS reading connections, $FLOODERS flooding (pause ${PAUSE} ms, nginx sign-in rate ${LOGIN_RATE:-10r/s}), ${DURATION} s, median of $RUNS runs by p99"
	echo "alone (req/s p50 p99 non-2xx): $(sort -k3 -n "$OUT/alone.tmp" | sed -n "$(( (RUNS + 1) / 2 ))p")"
	echo "flood (req/s p50 p99 non-2xx; flood req/s, hashes, statuses): $(sort -k3 -n "$OUT/flood.tmp" | sed -n "$(( (RUNS + 1) / 2 ))p")"
	echo "all alone:"; cat "$OUT/alone.tmp"; echo "all flood:"; cat "$OUT/flood.tmp"
} | tee "$OUT/results.txt"
