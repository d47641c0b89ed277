#!/usr/bin/env bash
# run.sh: `make soak MINUTES=30`.  Its own stack under var/soak; first the
# capacity of the mix (tests/soak/mix.lua: 90 % order reads, 10 % order
# submissions) with no pause, then MINUTES one-minute rounds paced at about
# 80 % of it.  Every minute: requests, errors (non-2xx and socket errors),
# and the resident memory of the app (master + worker) and of MariaDB.
# Passes with 0 errors and the app's memory flat: its last minute within
# 10 % (and 8 MiB) of its first.  Results: var/soak/soak.txt.
#
# Environment: MINUTES (default 30), CONNS (default 64: with a pause of
# some 30 ms per connection, a millisecond more or less moves the rate by
# about 3 %), APP.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
DIR=$ROOT/var/soak
PORT=18300
URL=http://127.0.0.1:$PORT
MINUTES=${MINUTES:-30}
CONNS=${CONNS:-64}
RUN=$(date +%s)
OUT=$DIR/soak.txt
export APP=${APP:-$ROOT/build/dealernetd}

deploy/local/stack.sh down "$DIR" >/dev/null 2>&1
rm -rf "$DIR"
trap 'deploy/local/stack.sh down "$DIR" >/dev/null 2>&1' EXIT
DEALERNET_NIGHTLY_TIERS=0 deploy/local/stack.sh up "$DIR" "$PORT" >/dev/null || exit 1
sql() { mariadb --defaults-file="$DIR/my.cnf" -u root -N -B dealernet -e "$1"; }

sql "SELECT o.number FROM orders o JOIN orgs d ON d.id = o.dealer_id WHERE d.code = 'D0001'" \
	> "$DIR/numbers.txt"
cat > "$DIR/body.json" <<JSON
{"lines":[{"product":"LE-2005","quantity":1,"options":{"screen_in":"55","panel":"led"}}],"requested_date":"$(date -u -d '+30 days' +%F)","ship_to":"北京市朝阳区建国路 1 号","note":"soak"}
JSON
# a fresh token each round: the access token lives 15 minutes
token() {
	curl -fsS -H 'Content-Type: application/json' \
		-d '{"login":"d0001.buyer","password":"dealernet-demo"}' "$URL/api/v1/auth/login" |
		sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
app_kib() {	# master and its worker
	local m k sum
	m=$(cat "$DIR/run/app.pid")
	sum=$(kib "$m")
	for k in $(pgrep -P "$m"); do sum=$((sum + $(kib "$k"))); done
	echo "$sum"
}
round() {	# seconds pause-ms tag: "req/s errors"; a round without an answer
	local f=$DIR/wrk-$3.txt	# counts as all errors
	wrk -t2 -c"$CONNS" -d"$1"s -s tests/soak/mix.lua "$URL" -- \
		"$DIR/numbers.txt" "$2" "$(token)" "$DIR/body.json" "$RUN-$3" > "$f" 2>&1 ||
		{ echo "0 1"; return; }
	awk 'BEGIN { rps = 0 }
	     /^Requests\/sec/ { rps = $2 }
	     /Non-2xx or 3xx responses/ { e += $NF }
	     /Socket errors/ { gsub(",", ""); e += $4 + $6 + $8 + $10 }
	     END { printf "%s %d\n", rps, (rps > 0 ? e : e + 1) }' "$f"
}

read -r capacity cerr < <(round 20 0 capacity)
[ "$cerr" -eq 0 ] || { echo "soak: the capacity round failed; see $DIR/wrk-capacity.txt"; exit 1; }
target=$(awk -v c="$capacity" 'BEGIN { printf "%.0f", c * 0.8 }')
# each connection: one request per pause (the latency is small beside it)
pause=$(awk -v n="$CONNS" -v t="$target" 'BEGIN { printf "%.0f", n * 1000 / t }')
{
	echo "soak: capacity of the mix $capacity req/s ($CONNS connections, no pause);"
	echo "      target $target req/s (80 %), $MINUTES minutes; app $APP"
	printf '%6s %10s %7s %10s %10s %12s\n' minute req/s errors app-KiB mariadb-KiB pause-ms
} | tee "$OUT"
errors=0
first=0
last=0
for ((m = 1; m <= MINUTES; m++)); do
	read -r rps err < <(round 60 "$pause" "m$m")
	errors=$((errors + err))
	last=$(app_kib)
	[ "$m" -eq 1 ] && first=$last
	printf '%6d %10s %7d %10d %10d %12d\n' "$m" "$rps" "$err" "$last" \
		"$(kib "$(cat "$DIR/run/mariadbd.pid")")" "$pause" | tee -a "$OUT"
	# keep near the target: the pause scaled by how far this minute was off
	pause=$(awk -v p="$pause" -v r="$rps" -v t="$target" \
		'BEGIN { q = p * r / t; if (q < 1) q = 1; printf "%.0f", q }')
done
grown=$((last - first))
flat=$(awk -v f="$first" -v g="$grown" 'BEGIN { print (g <= f * 0.10 || g <= 8192) ? 1 : 0 }')
echo "soak: $errors errors; app memory $first KiB after minute 1, $last KiB at the end ($grown KiB)" | tee -a "$OUT"
if [ "$errors" -eq 0 ] && [ "$flat" -eq 1 ]; then
	echo "soak: passed" | tee -a "$OUT"
else
	echo "soak: FAILED" | tee -a "$OUT"
	exit 1
fi
