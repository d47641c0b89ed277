#!/usr/bin/env bash
# run.sh: `make cluster`.  A fresh 3-node Galera cluster with 2 app nodes
# behind nginx (cluster.sh), the mixed workload with kill -9 faults and the
# checks (workload.js), then order reads through both app nodes on the
# cluster against one app node on a single server holding the same data
# (a mariadb-backup of node 1 restored, deploy/local/backup.sh).
#
# Environment: SECONDS_RUN (workload, default 180), FAULT_EVERY (default
# 20), READ_SECONDS (each throughput run, default 20), CONNS (default 16),
# KEEP=1 to leave the cluster running.  Results: var/cluster/result.json,
# var/cluster/throughput.txt.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
BASE=$ROOT/var/cluster
SINGLE=$BASE/single
APP=${APP:-$ROOT/build/dealernetd}
export APP
C=tests/cluster/cluster.sh
log() { printf 'make cluster: %s\n' "$*" >&2; }

cleanup() {
	[ "${KEEP:-0}" = 1 ] && return
	deploy/local/stack.sh down "$SINGLE" >/dev/null 2>&1
	$C down "$BASE" >/dev/null 2>&1
}
trap cleanup EXIT

# a KEEP=1 run's single server
[ ! -d "$SINGLE" ] || deploy/local/stack.sh down "$SINGLE" >/dev/null 2>&1
$C up "$BASE" || exit 1
CLUSTER_BASE=$BASE node tests/cluster/workload.js "${SECONDS_RUN:-180}" | tee "$BASE/workload.log"
rc=${PIPESTATUS[0]}
tail -1 "$BASE/workload.log" > "$BASE/result.json"

# ---- order reads: 2 app nodes on the cluster, 1 on a single server ----
log "copying node 1 into a single server (mariadb-backup, restore)"
rm -rf "$SINGLE" "$BASE/backup"
deploy/local/backup.sh backup "$BASE/db1" "$BASE/backup" >/dev/null &&
	deploy/local/backup.sh restore "$BASE/backup" "$SINGLE" &&
	DEALERNET_NIGHTLY_TIERS=0 WORKERS=4 deploy/local/stack.sh up "$SINGLE" 18201 >/dev/null ||
	{ log "the single server did not come up"; exit 1; }

# lines "TOKEN PATH": each demo buyer reads its own orders of the workload
lines() {	# url file
	local url=$1 out=$2 who tok
	: > "$out"
	for who in d0001.buyer d0002.buyer d0101.buyer; do
		tok=$(curl -fsS -H 'Content-Type: application/json' \
			-d "{\"login\":\"$who\",\"password\":\"dealernet-demo\"}" \
			"$url/api/v1/auth/login" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
		$C sql "$BASE" 1 "SELECT number FROM dealernet.orders o JOIN dealernet.users u ON \
			u.id = o.created_by WHERE u.login = '$who' ORDER BY o.id DESC LIMIT 2000" |
			sed "s|^|$tok /api/v1/orders/|" >> "$out"
	done
}
wrk_run() {	# tag name url file
	local f=$BASE/wrk-$1.txt
	shift
	wrk -t2 -c"${CONNS:-16}" -d"${READ_SECONDS:-20}"s --latency \
		-s tests/bench/lines.lua "$2" -- "$3" api > "$f" 2>&1
	printf '%s: %s req/s, p50 %s, p99 %s, non-2xx %s\n' "$1" \
		"$(sed -nE 's/^Requests\/sec: *([0-9.]+)/\1/p' "$f")" \
		"$(sed -nE 's/^ *50% *([0-9.]+[mu]?s).*/\1/p' "$f")" \
		"$(sed -nE 's/^ *99% *([0-9.]+[mu]?s).*/\1/p' "$f")" \
		"$(sed -nE 's/.*Non-2xx or 3xx responses: *([0-9]+).*/\1/p' "$f" | grep . || echo 0)"
}
lines http://127.0.0.1:18200 "$BASE/lines-cluster.txt"
lines http://127.0.0.1:18201 "$BASE/lines-single.txt"
{
	echo "order reads, wrk -t2 -c${CONNS:-16} -d${READ_SECONDS:-20}s, $(wc -l < "$BASE/lines-cluster.txt") orders, $(nproc) cores"
	wrk_run cluster "cluster, 2 app nodes, 3 Galera nodes" http://127.0.0.1:18200 "$BASE/lines-cluster.txt"
	wrk_run single "single server, 1 app node" http://127.0.0.1:18201 "$BASE/lines-single.txt"
} | tee "$BASE/throughput.txt"
node tests/cluster/report.js "$BASE/throughput.txt" "$BASE/result.json" &&
	log "wrote its section of BENCHMARKS.md"
exit "$rc"
