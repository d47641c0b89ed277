#!/usr/bin/env bash
# export.sh: the CSV exports' time and memory (issue #24). make bench (run.sh) runs it on its
# stack at the full data set; alone, it measures any stack with the bench data set on it:
#
#   PORT=18451 DIR=var/q-18451 OUT=build/bench-export tests/bench/export.sh
#
# ALL=1 also exports every order HQ sees (the whole bench data set: at make bench's million, a
# file of some 400 MB), first.
#
# Each export is fetched through nginx with curl as its reader (HQ's key account, a region's
# approver), RUNS times: the rows in the file against the database's count, the bytes, the time
# (curl's time_total; the median run), and the app worker's resident memory: VmRSS before the
# export and its peak during it (the kernel's high-water mark, VmHWM, set back to the present
# with `clear_refs 5` first), so "grew" is what the export added at its worst.  One JSON line per
# export into $OUT/exports.jsonl, which report.js renders into BENCHMARKS.md ("Exports").
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
DIR=${DIR:-$ROOT/var/bench}
PORT=${PORT:-18100}
OUT=${OUT:-$ROOT/build/bench}
RUNS=${RUNS:-3}
BASE=http://127.0.0.1:$PORT
mkdir -p "$OUT"
: > "$OUT/exports.jsonl"

log() { printf '[bench-export %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
sqlq() { mariadb --defaults-file="$DIR/my.cnf" -u root -N -B dealernet -e "$1"; }
token() {	# login password
	curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
	    -d "{\"login\":\"$1\",\"password\":\"$2\"}" |
	    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).access_token))'
}
worker() { ps -o pid= --ppid "$(cat "$DIR/run/app.pid")" | head -1 | tr -d ' '; }
kib() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }

# measure NAME TOKEN PATH ORDERS ROWS: RUNS exports of PATH, one line of exports.jsonl.
measure() {
	local name=$1 tok=$2 p=$3 orders=$4 rows=$5 pid i f before peak got line code t bytes
	local times="" grew=0 base=0
	f=$OUT/export-$name.csv
	for i in $(seq "$RUNS"); do
		pid=$(worker)
		echo 5 > "/proc/$pid/clear_refs"
		before=$(kib "$pid" VmRSS)
		read -r code t bytes < <(curl -s -o "$f" -w '%{http_code} %{time_total} %{size_download}\n' \
		    "$BASE$p" -H "Authorization: Bearer $tok") || { log "$name: curl failed"; return 1; }
		peak=$(kib "$pid" VmHWM)
		got=$(( $(wc -l < "$f") - 1 ))
		if [ "$code" != 200 ] || [ "$got" != "$rows" ]; then
			log "$name: status $code, $got rows, $rows expected"
			return 1
		fi
		times="$times $t"
		[ $(( peak - before )) -gt "$grew" ] && grew=$(( peak - before ))
		base=$before
	done
	rm -f "$f"
	t=$(echo "$times" | tr ' ' '\n' | sed '/^$/d' | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
	line=$(printf '{"name":"%s","path":"%s","orders":%s,"rows":%s,"bytes":%s,"seconds":%s,"runs":%s,"rss_kib":%s,"grew_kib":%s}' \
	    "$name" "$p" "${orders:-null}" "$rows" "$bytes" "$t" "$RUNS" "$base" "$grew")
	echo "$line" >> "$OUT/exports.jsonl"
	log "$name: $rows rows, $bytes bytes, ${t}s (median of $RUNS), worker RSS ${base} KiB, peak +${grew} KiB"
}

HQ=$(token hq.key dealernet-demo)
REGION=$(token bench.a01 dealernet-bench)
# what each export holds, from the database: HQ's delivered orders (a fifth of the bench's, over
# 100,000 at make bench's million, as issue #24 asks), one region's (bench.a01's) approved ones
# (a tenth), HQ's all; each order a row per line
count() {	# status where: orders and their lines
	sqlq "SELECT COUNT(DISTINCT o.id), COUNT(*) FROM orders o JOIN order_lines l ON l.order_id = o.id
	    WHERE o.status = '$1' $2"
}
if [ "${ALL:-0}" = 1 ]; then
	read -r n lines < <(sqlq "SELECT COUNT(DISTINCT o.id), COUNT(*) FROM orders o JOIN order_lines l
	    ON l.order_id = o.id WHERE o.status NOT IN ('awaiting_release', 'sent_back', 'withdrawn')")
	measure orders-hq-all "$HQ" "/api/v1/orders.csv" "$n" "$lines"
fi
read -r n lines < <(count delivered "")
measure orders-hq-delivered "$HQ" "/api/v1/orders.csv?status=delivered" "$n" "$lines"
read -r n lines < <(count approved "AND o.region_id = (SELECT org_id FROM users WHERE login = 'bench.a01')")
measure orders-region-approved "$REGION" "/api/v1/orders.csv?status=approved" "$n" "$lines"
# the sell-through reports of the last 90 days, every dealer's, when there are
FROM=$(sqlq "SELECT DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR) - INTERVAL 90 DAY")
ST=$(sqlq "SELECT COUNT(*) FROM sellthrough WHERE period_start BETWEEN '$FROM' AND DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR)")
if [ "$ST" -gt 0 ]; then
	measure sellthrough-hq-90-days "$HQ" "/api/v1/sellthrough.csv" "" "$ST"
fi
