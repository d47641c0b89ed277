#!/usr/bin/env bash
# stack.sh: a private MariaDB, the app and nginx under one directory.
#
#   stack.sh run  DIR PORT   start all, print the URL, stop all on Ctrl-C
#   stack.sh up   DIR PORT   start all in the background (tests)
#   stack.sh down DIR        stop all
#   stack.sh db-stop DIR | db-start DIR | app-restart DIR
#   stack.sh smtp-stop DIR PORT | smtp-start DIR PORT  the local mail server
#   stack.sh configs DIR PORT  write DIR's secrets and configuration only
#
# Environment: APP (the dealernetd binary, default build/dealernetd),
# WORKERS (threads), SHUTDOWN_GRACE (seconds), LOGIN_RATE (nginx's sign-in
# POSTs per address, default 10r/s).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cmd=${1:-}
DIR=${2:-var}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
PORT=${3:-8080}
# The local mail server (aiosmtpd, Debian's python3-aiosmtpd) keeps what it
# gets as a Maildir under $DIR/mail.
SMTP_PORT=${SMTP_PORT:-$((PORT + 1000))}
APP=${APP:-$ROOT/build/dealernetd}
[[ $APP = /* ]] || APP=$ROOT/$APP
USER_NAME=$(id -un)

log() { printf 'stack: %s\n' "$*" >&2; }

. "$ROOT/deploy/local/procs.sh"

secrets() {
	umask 077
	[ -s "$DIR/secret" ] || head -c 48 /dev/urandom | base64 -w0 > "$DIR/secret"
	# the SMS gateway's signing secret (the tests' gateway stub reads it)
	[ -s "$DIR/sms.secret" ] || head -c 32 /dev/urandom | od -An -tx1 |
		tr -d ' \n' > "$DIR/sms.secret"
	[ -s "$DIR/db.password" ] || head -c 24 /dev/urandom | od -An -tx1 |
		tr -d ' \n' > "$DIR/db.password"
	chmod 600 "$DIR/secret" "$DIR/db.password" "$DIR/sms.secret"
	umask 022
}

write_configs() {
	local f
	mkdir -p "$DIR/run" "$DIR/log" "$DIR/nginx/tmp"
	sed -e "s|@DIR@|$DIR|g" -e "s|@USER@|$USER_NAME|g" \
		"$ROOT/deploy/local/my.cnf.in" > "$DIR/my.cnf"
	sed -e "s|@DIR@|$DIR|g" -e "s|@ROOT@|$ROOT|g" \
		-e "s|@WORKERS@|${WORKERS:-0}|g" \
		-e "s|@GRACE@|${SHUTDOWN_GRACE:-30}|g" \
		-e "s|@SMTP_URL@|smtp://127.0.0.1:$SMTP_PORT|g" \
		-e "s|@PUBLIC_URL@|http://127.0.0.1:$PORT|g" \
		-e "s|@RETRY_BASE@|${NOTIFY_RETRY_BASE:-2}|g" \
		-e "s|@SMS_URL@|http://127.0.0.1:$((PORT + 2000))/sms|g" \
		-e "s|@SMS_SECRET@|$DIR/sms.secret|g" \
		"$ROOT/deploy/dealernet.conf.in" > "$DIR/dealernet.conf"
	# this stack serves plain HTTP on 127.0.0.1: no Secure cookies here
	# (a later line wins); the shipped template keeps them Secure
	printf '\n# local stack: plain HTTP on 127.0.0.1\ncookie_secure = 0\n' \
		>> "$DIR/dealernet.conf"
	printf '# local stack: webhooks to test receivers on 127.0.0.1\n%s\n' \
		'webhook_private_ok = 1' >> "$DIR/dealernet.conf"
	f=$DIR/nginx/nginx.conf
	sed -e "s|@DIR@|$DIR|g" -e "s|@ROOT@|$ROOT|g" -e "s|@PORT@|$PORT|g" \
		-e "s|@LOGIN_RATE@|${LOGIN_RATE:-10r/s}|g" \
		"$ROOT/deploy/nginx/local.conf.in" > "$f"
	# nginx drops to "nobody" when started as root; keep our user instead
	if [ "$(id -u)" -eq 0 ]; then sed -i "1i user root;" "$f"; fi
}

db_start() {
	local i
	if pid_of "$DIR/run/mariadbd.pid" >/dev/null; then return 0; fi
	if [ ! -d "$DIR/db/mysql" ]; then
		log "creating the database in $DIR/db"
		mkdir -p "$DIR/db"
		mariadb-install-db --defaults-file="$DIR/my.cnf" \
			--user="$USER_NAME" --auth-root-authentication-method=socket \
			--skip-test-db > "$DIR/log/install-db.log" 2>&1 || {
			cat "$DIR/log/install-db.log" >&2; exit 1; }
	fi
	mariadbd --defaults-file="$DIR/my.cnf" --user="$USER_NAME" \
		>> "$DIR/log/mariadb.log" 2>&1 &
	for ((i = 0; i < 300; i++)); do
		mariadb-admin --defaults-file="$DIR/my.cnf" ping >/dev/null 2>&1 &&
			return 0
		sleep 0.1
	done
	log "MariaDB did not start; see $DIR/log/mariadb-error.log"
	tail -20 "$DIR/log/mariadb-error.log" >&2 || true
	exit 1
}

# Signal the process of a pid file and wait for it to go (else kill it).
stop_pidfile() {	# pidfile signal seconds
	local pid
	pid=$(pid_of "$1") || return 0
	kill -"$2" "$pid"
	wait_gone "$pid" "$3" || kill -KILL "$pid"
}

db_stop() { stop_pidfile "$DIR/run/mariadbd.pid" TERM 60; }

# The app's account may read and write rows; only the migration account
# (root over the socket here) changes the schema.
db_setup() {
	local pw
	pw=$(cat "$DIR/db.password")
	mariadb --defaults-file="$DIR/my.cnf" -u root <<SQL
CREATE DATABASE IF NOT EXISTS dealernet CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'dealernet'@'localhost' IDENTIFIED BY '$pw';
ALTER USER 'dealernet'@'localhost' IDENTIFIED BY '$pw';
SQL
	DEALERNET_CONF=$DIR/dealernet.conf "$APP" migrate >> "$DIR/log/app.log" 2>&1 || {
		tail -5 "$DIR/log/app.log" >&2; exit 1; }
	"$ROOT/deploy/grants.sh" "'dealernet'@'localhost'" \
	    --defaults-file="$DIR/my.cnf" -u root dealernet
	DEALERNET_CONF=$DIR/dealernet.conf "$APP" seed demo >> "$DIR/log/app.log" 2>&1 || {
		tail -5 "$DIR/log/app.log" >&2; exit 1; }
	# the complaints filed before search indexed them (migration 0063)
	DEALERNET_CONF=$DIR/dealernet.conf "$APP" reindex >> "$DIR/log/app.log" 2>&1 || {
		tail -5 "$DIR/log/app.log" >&2; exit 1; }
	erp_key
}

# The demo ERP signs in with nothing but an API key: $DIR/erp.apikey (mode
# 0600, in the stack's directory, never in the repository), kept while it
# still works, else made anew.
ERP_CAPS=read,feed:read,orders:track,ledger:post,stock:write,sellthrough:write
erp_key() {
	local f=$DIR/erp.apikey
	if [ -s "$f" ] && DEALERNET_CONF=$DIR/dealernet.conf "$APP" apikey check \
	    < "$f" >/dev/null 2>&1; then
		return 0
	fi
	umask 077
	DEALERNET_CONF=$DIR/dealernet.conf "$APP" apikey create erp "ERP (demo)" \
	    "$ERP_CAPS" > "$f.new" 2>> "$DIR/log/app.log" || {
		rm -f "$f.new"; tail -5 "$DIR/log/app.log" >&2; exit 1; }
	umask 022
	mv "$f.new" "$f"
}

# glibc keeps 2,000 freed chunks of a size per thread instead of 7: a page
# of 50 orders builds and frees some 600 small JSON items, and with the
# default the rest went through the arena's bins and malloc_consolidate
# (app CPU for a list page 137 -> 119 us, issue #22; the same line is in
# deploy/systemd/dealernet.service).
APP_MALLOC=glibc.malloc.tcache_count=2000

app_start() {
	if pid_of "$DIR/run/app.pid" >/dev/null; then return 0; fi
	GLIBC_TUNABLES=${GLIBC_TUNABLES:-$APP_MALLOC} \
	DEALERNET_CONF=$DIR/dealernet.conf "$APP" serve >> "$DIR/log/app.log" 2>&1 &
	echo $! > "$DIR/run/app.pid"
}

app_stop() {
	stop_pidfile "$DIR/run/app.pid" TERM 60
	rm -f "$DIR/run/app.pid"
}

nginx_start() {
	if pid_of "$DIR/nginx/nginx.pid" >/dev/null; then return 0; fi
	nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -e "$DIR/log/nginx-error.log"
}

nginx_stop() { stop_pidfile "$DIR/nginx/nginx.pid" QUIT 20; }

# Debian's python3, whatever python3 comes first on PATH (its aiosmtpd).
smtp_start() {
	local i
	if pid_of "$DIR/run/smtp.pid" >/dev/null; then return 0; fi
	mkdir -p "$DIR/mail/cur" "$DIR/mail/new" "$DIR/mail/tmp"
	/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" \
		-c aiosmtpd.handlers.Mailbox "$DIR/mail" \
		>> "$DIR/log/smtp.log" 2>&1 &
	echo $! > "$DIR/run/smtp.pid"
	for ((i = 0; i < 100; i++)); do
		(exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && return 0
		sleep 0.1
	done
	log "the mail server did not start; see $DIR/log/smtp.log"
	return 1
}

smtp_stop() {
	stop_pidfile "$DIR/run/smtp.pid" TERM 10
	rm -f "$DIR/run/smtp.pid"
}

wait_healthy() {
	local i
	for ((i = 0; i < 200; i++)); do
		curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	log "the app did not become healthy; see $DIR/log/app.log"
	tail -20 "$DIR/log/app.log" >&2
	return 1
}

up() {
	[ -x "$APP" ] || { log "$APP is missing; run make build"; exit 1; }
	secrets
	write_configs
	db_start
	db_setup
	smtp_start
	app_start
	nginx_start
	wait_healthy
}

down() {
	nginx_stop
	app_stop
	smtp_stop
	db_stop
}

case $cmd in
up)	up ;;
down)	down ;;
db-stop) db_stop ;;
db-start) db_start ;;
app-restart) app_stop; app_start ;;
smtp-stop) smtp_stop ;;
smtp-start) smtp_start ;;
configs) secrets; write_configs ;;
run)
	trap 'echo; log "stopping"; down; exit 0' INT TERM
	up
	cat <<MSG

  Dealernet is running at http://127.0.0.1:$PORT/
  Health: http://127.0.0.1:$PORT/healthz   API: http://127.0.0.1:$PORT/api/v1
  Logs:   $DIR/log/app.log (JSON lines), $DIR/log/nginx-access.log
  Mail:   what the portal sends lands in $DIR/mail/new (one file a message)
  Demo logins, all with the password "dealernet-demo":
    admin (admin)            hq.key (HQ key account)     hq.finance (HQ finance)
    r01.approver, r01.manager, r01.manager2, r01.clerk, r01.agent, r01.admin (Beijing)
    r02.approver, r02.clerk (Tianjin)
    d0001.buyer, d0001.finance, d0001.admin, d0001.approver (dealer D0001, Walmart Beijing)
    c0001.buyer, c0001.finance, c0001.admin (chain C0001, Walmart China)   c0002.buyer (Gome)
    d0002.buyer, d0002.finance (D0002)      d0101.buyer (a Tianjin dealer)
    p0101.agent (service provider P0101, Beijing; p<rr>01..03.agent for every region rr)
  The ERP has no password: its API key is in $DIR/erp.apikey
    curl -H "Authorization: Bearer \$(cat $DIR/erp.apikey)" http://127.0.0.1:$PORT/api/v1/feed

  Press Ctrl-C to stop (or run "make stop" elsewhere).

MSG
	while pid_of "$DIR/run/app.pid" >/dev/null; do sleep 1; done
	log "the app exited"; down ;;
*)
	sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
