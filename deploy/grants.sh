#!/usr/bin/env bash
# grants.sh: what the app's database account may do, after every migrate.
#
#   deploy/grants.sh "'dealernet'@'localhost'" [mariadb client options...]
#
# It reads and inserts everywhere, and updates and deletes every table but
# the append-only ones: the ledger (DESIGN §4) is never changed, so the
# account holds no UPDATE or DELETE on it, on top of the triggers that
# refuse them to anyone.  Run it as an account that may grant (root).
set -euo pipefail
ACCOUNT=$1
shift
APPEND_ONLY="'ledger_entries'"
q() { mariadb "$@" -N -B; }
{
	echo "GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE ON dealernet.* TO $ACCOUNT;"
	echo "REVOKE UPDATE, DELETE ON dealernet.* FROM $ACCOUNT;"
	q "$@" -e "SELECT table_name FROM information_schema.tables WHERE table_schema = 'dealernet' AND table_type = 'BASE TABLE' AND table_name NOT IN ($APPEND_ONLY)" |
	    while read -r t; do
		echo "GRANT UPDATE, DELETE ON dealernet.\`$t\` TO $ACCOUNT;"
	    done
} | mariadb "$@"
