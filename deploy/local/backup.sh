#!/usr/bin/env bash
# backup.sh: hot backups of a stack's MariaDB with mariadb-backup, and restores.
#
#   backup.sh backup  DIR [DEST]   copy DIR's running database into DEST
#                                  (default DIR/backups/YYYYmmdd-HHMMSS) and
#                                  prepare it: DEST is then ready to restore
#   backup.sh restore SRC DIR      put the prepared backup SRC in as DIR's
#                                  database; DIR's MariaDB must be stopped.
#                                  An existing DIR/db is kept as
#                                  DIR/db.before-restore-YYYYmmdd-HHMMSS.
#
# The backup is consistent (InnoDB redo applied by --prepare) and taken
# without stopping writes: mariadb-backup holds its backup lock only for
# the last moments of the copy.  It connects as root over the socket.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
log() { printf 'backup: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
stamp() { date -u +%Y%m%d-%H%M%S; }

backup() {	# DIR [DEST]
	local dir dest
	dir=$(cd "$1" && pwd)
	dest=${2:-$dir/backups/$(stamp)}
	[ -S "$dir/run/mysqld.sock" ] || die "no MariaDB running under $dir"
	[ ! -e "$dest" ] || die "$dest exists already"
	mkdir -p "$dest"
	dest=$(cd "$dest" && pwd)
	log "copying the database of $dir into $dest"
	mariadb-backup --defaults-file="$dir/my.cnf" --backup --user=root \
		--socket="$dir/run/mysqld.sock" --target-dir="$dest" \
		> "$dest.log" 2>&1 || { tail -20 "$dest.log" >&2; die "backup failed"; }
	log "preparing it (applying the redo log)"
	mariadb-backup --defaults-file="$dest/backup-my.cnf" --prepare --target-dir="$dest" >> "$dest.log" 2>&1 ||
		{ tail -20 "$dest.log" >&2; die "prepare failed"; }
	mv "$dest.log" "$dest/backup.log"
	log "done: $dest"
	echo "$dest"
}

restore() {	# SRC DIR
	local src=$1 dir
	[ -f "$src/xtrabackup_checkpoints" ] || die "$src is no mariadb-backup"
	grep -qE '^backup_type = (log-applied|full-prepared)' "$src/xtrabackup_checkpoints" ||
		die "$src is not prepared (run backup.sh backup, which prepares it)"
	mkdir -p "$2"
	dir=$(cd "$2" && pwd)
	if [ -s "$dir/run/mariadbd.pid" ] && kill -0 "$(cat "$dir/run/mariadbd.pid")" 2>/dev/null; then
		die "the MariaDB of $dir is running; stop it first (make stop)"
	fi
	# the stack's my.cnf, so that the database comes up where the stack looks
	[ -s "$dir/my.cnf" ] || "$ROOT/deploy/local/stack.sh" configs "$dir" 0
	if [ -e "$dir/db" ]; then
		log "keeping the old database as $dir/db.before-restore-$(stamp)"
		mv "$dir/db" "$dir/db.before-restore-$(stamp)"
	fi
	mkdir -p "$dir/db"
	mariadb-backup --defaults-file="$dir/my.cnf" --copy-back --target-dir="$src" \
		--datadir="$dir/db" \
		> "$dir/log/restore.log" 2>&1 ||
		{ tail -20 "$dir/log/restore.log" >&2; die "copy-back failed"; }
	log "restored $src into $dir/db"
}

case ${1:-} in
backup)	[ $# -ge 2 ] || die "usage: backup.sh backup DIR [DEST]"; backup "$2" "${3:-}" ;;
restore) [ $# -eq 3 ] || die "usage: backup.sh restore SRC DIR"; restore "$2" "$3" ;;
*)	sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
