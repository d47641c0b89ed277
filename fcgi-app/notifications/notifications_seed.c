/*
 * notifications_seed.c: the demo users' e-mail addresses (at the reserved
 * .example domain: the local mail server keeps what is sent to them).
 * Only where none is set, so it may run again.
 */
#include "../db/db.h"
#include "notifications.h"

static const char sql_emails[] =
	"UPDATE users SET email = CONCAT(login, '@dealernet.example') "
	"WHERE email IS NULL AND FIND_IN_SET('erp', roles) = 0";

int
notifications_seed_demo(struct db *db)
{
	return db_execv(db, sql_emails, NULL, "") < 0 ? -1 : 0;
}
