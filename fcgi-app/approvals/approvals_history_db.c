/*
 * approvals_history_db.c: the decisions taken on an order, with their reasons and
 * the figures they were taken on, for staff (an override's reason is
 * not the dealer's to read).
 */
#include "../db/db.h"
#include "approvals.h"

static const char sql_history[] =
	"SELECT a.decision, u.display_name, DATE_FORMAT(a.at + INTERVAL 8 "
	"HOUR, '%Y-%m-%d %H:%i'), a.reason, a.override_credit, "
	"COALESCE(a.promised_date, '') FROM approvals a JOIN orders o ON "
	"o.id = a.order_id JOIN users u ON u.id = a.actor_user_id WHERE "
	"o.number = ? ORDER BY a.id";

/* The decisions on the order numbered number, oldest first, or NULL. */
cJSON *
approvals_history(struct db *db, const char *number)
{
	struct db_stmt	*s;
	cJSON		*list, *d;
	int		 rc;

	if ((s = db_prepare(db, sql_history)) == NULL ||
	    db_bind_text(s, 0, number) == -1) {
		db_stmt_release(s);
		return NULL;
	}
	list = cJSON_CreateArray();
	while ((rc = db_step(s)) == DB_ROW) {
		d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "decision", db_col_text(s, 0, NULL));
		cJSON_AddStringToObject(d, "actor", db_col_text(s, 1, NULL));
		cJSON_AddStringToObject(d, "at_china", db_col_text(s, 2, NULL));
		cJSON_AddStringToObject(d, "reason", db_col_text(s, 3, NULL));
		cJSON_AddBoolToObject(d, "override", db_col_int(s, 4) != 0);
		cJSON_AddStringToObject(d, "promised_date",
		    db_col_text(s, 5, NULL));
		cJSON_AddItemToArray(list, d);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(list);
		return NULL;
	}
	return list;
}
