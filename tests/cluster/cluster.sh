#!/usr/bin/env bash
# cluster.sh: a 3-node MariaDB Galera cluster, 2 app nodes and nginx, all
# on loopback under one directory, without systemd (see
# RELIABILITY.md for what it measured).
#
#   cluster.sh up BASE             a fresh cluster, migrated and seeded; the
#                                  app nodes and nginx on 127.0.0.1:$PORT
#   cluster.sh down BASE           stop everything
#   cluster.sh db-kill BASE N      kill -9 database node N (1-3)
#   cluster.sh db-start BASE N     start node N again from its recovered
#                                  position (IST); wait until it is Synced
#   cluster.sh app-kill BASE N     kill -9 app node N (1-2), master and worker
#   cluster.sh app-start BASE N    start app node N; wait until it answers
#   cluster.sh sql BASE N QUERY    one query as root on node N
#
# Environment: APP (default build/dealernetd), PORT (default 18200).
# Database node N listens on 13310+N; Galera on 14566+N (IST 14576+N,
# SST 14586+N).  App node 1 prefers database node 1, then 2, then 3; app
# node 2 prefers 2, then 3, then 1.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cmd=${1:-}
BASE=${2:-$ROOT/var/cluster}
mkdir -p "$BASE"
BASE=$(cd "$BASE" && pwd)
APP=${APP:-$ROOT/build/dealernetd}
[[ $APP = /* ]] || APP=$ROOT/$APP
PORT=${PORT:-18200}
USER_NAME=$(id -un)

log() { printf 'cluster: %s\n' "$*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

. "$ROOT/deploy/local/procs.sh"

node_dir() { echo "$BASE/db$1"; }
cnf() { echo "$BASE/db$1/my.cnf"; }
q() {	# node query
	mariadb --defaults-file="$(cnf "$1")" -u root -N -B -e "$2"
}

write_node_cnf() {	# node
	local n=$1 d
	d=$(node_dir "$n")
	mkdir -p "$d/run" "$d/data"
	cat > "$d/my.cnf" <<CNF
[client]
socket = $d/run/mysqld.sock

[mariadbd]
datadir = $d/data
socket = $d/run/mysqld.sock
pid-file = $d/run/mariadbd.pid
log-error = $d/error.log
tmpdir = $d/run
port = $((13310 + n))
bind-address = 127.0.0.1
user = $USER_NAME
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
default_storage_engine = InnoDB
binlog_format = ROW
innodb_autoinc_lock_mode = 2
innodb_buffer_pool_size = 128M
innodb_log_file_size = 48M
innodb_flush_log_at_trx_commit = 2
performance_schema = OFF
max_connections = 200
max_prepared_stmt_count = 262144

wsrep_on = ON
wsrep_provider = /usr/lib/galera/libgalera_smm.so
wsrep_cluster_name = dealernet-test
wsrep_cluster_address = gcomm://127.0.0.1:14567,127.0.0.1:14568,127.0.0.1:14569
wsrep_node_name = db$n
wsrep_node_address = 127.0.0.1:$((14566 + n))
# A killed node stalls every commit in the cluster until the others agree
# it is gone: 5 s by default (evs.suspect_timeout), and its restarted
# self cannot join before then.  On loopback a peer answers in well under
# a millisecond, so a second of silence is death; see RELIABILITY.md.
wsrep_provider_options = "gmcast.listen_addr=tcp://127.0.0.1:$((14566 + n));ist.recv_addr=127.0.0.1:$((14576 + n));gcache.size=128M;evs.keepalive_period=PT0.2S;evs.inactive_check_period=PT0.2S;evs.suspect_timeout=PT1S;evs.inactive_timeout=PT2S;evs.install_timeout=PT2S;evs.join_retrans_period=PT0.2S"
wsrep_sst_receive_address = 127.0.0.1:$((14586 + n))
# root runs the nodes here: rsync SST would drop to nobody (see the notes)
wsrep_sst_method = mariabackup
wsrep_slave_threads = 2
CNF
}

# The node's mariadbd (a joiner writes its pid file only after its SST).
node_pid() { pgrep -f -- "^mariadbd --defaults-file=$(cnf "$1")" | head -1; }

state() { q "$1" "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2; }

wait_synced() {	# node seconds
	local i
	for ((i = 0; i < $2 * 5; i++)); do
		[ "$(state "$1")" = Synced ] && return 0
		[ -n "$(node_pid "$1")" ] || [ "$i" -lt 25 ] ||
			{ log "db$1 died; see $(node_dir "$1")/error.log"; return 1; }
		sleep 0.2
	done
	log "db$1 did not reach Synced; see $(node_dir "$1")/error.log"
	tail -20 "$(node_dir "$1")/error.log" >&2
	return 1
}

# mariadbd detached from this script, its output in the node's error log.
spawn_node() {	# node extra-args...
	local n=$1
	shift
	setsid mariadbd --defaults-file="$(cnf "$n")" "$@" \
		>> "$(node_dir "$n")/mariadbd.out" 2>&1 < /dev/null &
}

db_bootstrap() {
	local d
	d=$(node_dir 1)
	write_node_cnf 1
	mariadb-install-db --defaults-file="$(cnf 1)" --user="$USER_NAME" \
		--auth-root-authentication-method=socket --skip-test-db \
		> "$d/install-db.log" 2>&1 || { cat "$d/install-db.log" >&2; exit 1; }
	spawn_node 1 --wsrep-new-cluster
	wait_synced 1 60
}

db_join() {	# node: empty data directory, everything by SST
	write_node_cnf "$1"
	spawn_node "$1"
	wait_synced "$1" 180
}

db_kill() {
	local pid
	pid=$(node_pid "$1")
	[ -n "$pid" ] || { log "db$1 is not running"; return 0; }
	kill -KILL "$pid"
	wait_gone "$pid" 30
}

# After kill -9, grastate.dat says seqno -1: recover the position, or the
# node would take a full SST instead of IST (no galera_recovery here).
db_start() {
	local n=$1 d pos t0
	d=$(node_dir "$n")
	t0=$(now)
	if [ -n "$(node_pid "$n")" ]; then return 0; fi
	mariadbd --defaults-file="$(cnf "$n")" --wsrep-recover \
		--log-error="$d/recover.log" > /dev/null 2>&1 || true
	pos=$(sed -nE 's/.*WSREP: Recovered position: ([0-9a-f-]+:-?[0-9]+).*/\1/p' \
		"$d/recover.log" | tail -1)
	rm -f "$d/recover.log"
	if [ -n "$pos" ]; then
		spawn_node "$n" --wsrep-start-position="$pos"
	else
		spawn_node "$n"
	fi
	wait_synced "$n" 180
	log "db$n Synced again in $(since "$t0") s (position ${pos:-unknown})"
}

app_conf() {	# node: its configuration, its preferred database node first
	local n=$1 d hosts
	d=$BASE/app$n
	mkdir -p "$d"
	if [ "$n" = 1 ]; then hosts=127.0.0.1:13311,127.0.0.1:13312,127.0.0.1:13313
	else hosts=127.0.0.1:13312,127.0.0.1:13313,127.0.0.1:13311; fi
	cat > "$d/dealernet.conf" <<CONF
listen = $d/app.sock
login_listen = $d/login.sock
workers = ${WORKERS:-4}
backlog = 1024
db_socket =
db_host = $hosts
db_name = dealernet
db_user = dealernet
db_password_file = $BASE/db.password
db_timeout = 10
migrate_user = root
secret_file = $BASE/secret
templates_dir = $ROOT/templates
migrations_dir = $ROOT/migrations
# one directory for both nodes, as a shared volume would be (README)
attachments_dir = $BASE/attachments
log_level = info
cookie_secure = 0
shutdown_grace = 10
nightly_tiers = 0
CONF
}

# Migrations and the demo data, as root over node 1's socket.
db_setup() {
	local pw acct
	umask 077
	head -c 48 /dev/urandom | base64 -w0 > "$BASE/secret"
	head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$BASE/db.password"
	umask 022
	pw=$(cat "$BASE/db.password")
	q 1 "CREATE DATABASE IF NOT EXISTS dealernet CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
	     CREATE USER IF NOT EXISTS 'dealernet'@'127.0.0.1' IDENTIFIED BY '$pw';
	     CREATE USER IF NOT EXISTS 'dealernet'@'localhost' IDENTIFIED BY '$pw'"
	sed -e "s|^db_socket =.*|db_socket = $(node_dir 1)/run/mysqld.sock|" \
		"$BASE/app1/dealernet.conf" > "$BASE/setup.conf"
	DEALERNET_CONF=$BASE/setup.conf "$APP" migrate > "$BASE/setup.log" 2>&1 ||
		{ tail -5 "$BASE/setup.log" >&2; exit 1; }
	for acct in "'dealernet'@'127.0.0.1'" "'dealernet'@'localhost'"; do
		"$ROOT/deploy/grants.sh" "$acct" --defaults-file="$(cnf 1)" -u root dealernet
	done
	DEALERNET_CONF=$BASE/setup.conf "$APP" seed demo >> "$BASE/setup.log" 2>&1 ||
		{ tail -5 "$BASE/setup.log" >&2; exit 1; }
	# the ERP has no password, only an API key (workload.js reads it)
	umask 077
	DEALERNET_CONF=$BASE/setup.conf "$APP" apikey create erp "ERP (cluster)" \
	    read,orders:track > "$BASE/erp.apikey" 2>> "$BASE/setup.log" ||
		{ tail -5 "$BASE/setup.log" >&2; exit 1; }
	umask 022
}

serving() { grep -c '"worker [0-9]* serving with' "$BASE/app$1/app.log" 2>/dev/null || true; }

app_start() {	# node: wait for a worker that serves, counted in its log
	local n=$1 d i t0 before
	d=$BASE/app$n
	t0=$(now)
	if pid_of "$d/app.pid" >/dev/null; then return 0; fi
	before=$(serving "$n")
	DEALERNET_CONF=$d/dealernet.conf setsid "$APP" serve >> "$d/app.log" 2>&1 < /dev/null &
	echo $! > "$d/app.pid"
	for ((i = 0; i < 300; i++)); do
		if [ "$(serving "$n")" -gt "${before:-0}" ]; then
			log "app$n serving after $(since "$t0") s"
			return 0
		fi
		sleep 0.1
	done
	log "app$n did not start; see $d/app.log"
	return 1
}

app_kill() {
	local d=$BASE/app$1 pid kids
	pid=$(pid_of "$d/app.pid") || return 0
	kids=$(pgrep -P "$pid" || true)
	kill -STOP "$pid"
	# shellcheck disable=SC2086
	[ -z "$kids" ] || kill -KILL $kids
	kill -KILL "$pid"
	wait_gone "$pid" 10
	rm -f "$d/app.pid"
}

app_stop() {
	local d=$BASE/app$1 pid
	pid=$(pid_of "$d/app.pid") || return 0
	kill -TERM "$pid"
	wait_gone "$pid" 20 || kill -KILL "$pid"
	rm -f "$d/app.pid"
}

nginx_conf() {
	mkdir -p "$BASE/nginx/tmp"
	cat > "$BASE/nginx/nginx.conf" <<NGINX
$( [ "$(id -u)" -eq 0 ] && echo "user root;" )
worker_processes 2;
pid $BASE/nginx/nginx.pid;
error_log $BASE/nginx/error.log warn;
daemon on;
events { worker_connections 2048; }
http {
	include /etc/nginx/mime.types;
	access_log $BASE/nginx/access.log;
	client_body_temp_path $BASE/nginx/tmp/body;
	fastcgi_temp_path $BASE/nginx/tmp/fastcgi;
	proxy_temp_path $BASE/nginx/tmp/proxy;
	uwsgi_temp_path $BASE/nginx/tmp/uwsgi;
	scgi_temp_path $BASE/nginx/tmp/scgi;
	server_tokens off;
	# dealernet-common.conf limits sign-in POSTs per address in this zone;
	# the workload signs in from 127.0.0.1 as fast as it likes
	map \$request_method \$dealernet_login_key {
		POST	\$binary_remote_addr;
		default	"";
	}
	limit_req_zone \$dealernet_login_key zone=dealernet_login:10m rate=100000r/s;
	# two app nodes; one that refuses a connection is skipped for 2 s
	upstream dealernet {
		server unix:$BASE/app1/app.sock max_fails=1 fail_timeout=2s;
		server unix:$BASE/app2/app.sock max_fails=1 fail_timeout=2s;
		keepalive 32;
	}
	# sign-in's own sockets (login_listen)
	upstream dealernet_login {
		server unix:$BASE/app1/login.sock max_fails=1 fail_timeout=2s;
		server unix:$BASE/app2/login.sock max_fails=1 fail_timeout=2s;
		keepalive 8;
	}
	server {
		listen 127.0.0.1:$PORT;
		server_name localhost;
		include $ROOT/deploy/nginx/dealernet-common.conf;
	}
}
NGINX
}

up() {
	local t0 n
	[ -x "$APP" ] || { log "$APP is missing; run make build"; exit 1; }
	# only ever wipe a directory this script made (or an empty one)
	if [ -n "$(ls -A "$BASE")" ] && [ ! -e "$BASE/.dealernet-cluster" ]; then
		log "$BASE is not a cluster directory; not touching it"
		exit 1
	fi
	down 2>/dev/null || true
	rm -rf "$BASE"
	mkdir -p "$BASE"
	touch "$BASE/.dealernet-cluster"
	t0=$(now)
	db_bootstrap
	log "db1 bootstrapped in $(since "$t0") s"
	app_conf 1
	app_conf 2
	db_setup
	for n in 2 3; do
		db_join "$n"
		log "db$n joined by SST after $(since "$t0") s"
	done
	app_start 1 || exit 1
	app_start 2 || exit 1
	nginx_conf
	nginx -p "$BASE/nginx" -c "$BASE/nginx/nginx.conf" -e "$BASE/nginx/error.log"
	log "cluster up in $(since "$t0") s: http://127.0.0.1:$PORT/"
}

down() {
	local n pid
	if pid=$(pid_of "$BASE/nginx/nginx.pid"); then kill -QUIT "$pid"; wait_gone "$pid" 10 || true; fi
	for n in 1 2; do app_stop "$n"; done
	# the last node to stop is safe to bootstrap from; stop them in turn
	for n in 3 2 1; do
		if pid=$(node_pid "$n") && [ -n "$pid" ]; then
			kill -TERM "$pid"
			wait_gone "$pid" 60 || kill -KILL "$pid"
		fi
	done
}

case $cmd in
up)		up ;;
down)		down ;;
db-kill)	db_kill "$3" ;;
db-start)	db_start "$3" ;;
app-kill)	app_kill "$3" ;;
app-start)	app_start "$3" ;;
sql)		q "$3" "$4" ;;
*)		sed -n '2,20p' "$0" >&2; exit 2 ;;
esac
