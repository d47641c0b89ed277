/*
 * service_parts_sweep_db.c: spare parts past their lead-time target,
 * flagged to the job's region once
 *
 * Every minute (the worker's sweep tick, in every app process) and on
 * demand (`dealernetd parts-sweep --now=...`, whose clock tests set):
 * each part not received by its due_at gets overdue_at, a line on its
 * job's timeline and a notification to the region's service agents.
 * Several processes may sweep at once: the flag is an update conditional
 * on overdue_at being unset, so one of them makes it.
 */
#include <stdio.h>
#include <string.h>

#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "service.h"
#include "service_work.h"

#define BATCH	200

/* on service_parts_due (status, due_at) */
static const char sql_late[] =
	"SELECT p.id, p.part_no, p.quantity, j.id, j.number, j.dealer_id, "
	"j.region_id, COALESCE(j.provider_id, 0), j.status, j.version, "
	"j.round FROM service_parts p JOIN service_jobs j ON j.id = p.job_id "
	"WHERE p.status IN ('requested', 'shipped') AND p.due_at < "
	"FROM_UNIXTIME(?) AND p.overdue_at IS NULL ORDER BY p.due_at, p.id "
	"LIMIT ?";
static const char sql_flag[] =
	"UPDATE service_parts SET overdue_at = FROM_UNIXTIME(?) WHERE id = ? "
	"AND overdue_at IS NULL AND status <> 'received'";
static const char sql_now[] = "SELECT UNIX_TIMESTAMP()";

struct late {
	int64_t			 id, quantity;
	char			 part_no[65];
	struct service_job_ref	 j;
};

/* Flag one part: 1 flagged, 0 someone else did (or it came), -1. */
static int
flag_one(struct db *db, const struct late *l, int64_t now)
{
	char	 note[96], params[64];
	int	 rc;

	if (db_begin(db) == -1)
		return -1;
	if ((rc = db_execv(db, sql_flag, NULL, "ii", now, l->id)) != 1) {
		db_rollback(db);
		return rc == -1 && !db_is_conflict(db) ? -1 : 0;
	}
	snprintf(note, sizeof(note), "%s x%lld", l->part_no,
	    (long long)l->quantity);
	snprintf(params, sizeof(params), "{\"number\":\"%s\"}", l->j.number);
	if (service_event(db, &l->j, "service.parts_overdue", 0, 0, note) ==
	    -1 || notify_event(db, "service.parts_overdue", "service_job",
	    l->j.number, l->j.dealer_id, params) == -1 || db_commit(db) ==
	    -1) {
		db_rollback(db);
		return db_is_conflict(db) ? 0 : -1;
	}
	return 1;
}

/*
 * Flag what is late at now (seconds since the epoch, UTC; 0: the
 * database's clock, which wrote the due times); *flagged gets how many.
 * 0, or -1 on a database error.
 */
int
service_parts_sweep(struct db *db, int64_t now, int *flagged)
{
	struct late	 v[BATCH];
	struct db_stmt	*s;
	int		 n = 0, i, rc;

	*flagged = 0;
	if (now == 0) {
		if ((s = db_prepare(db, sql_now)) == NULL ||
		    db_step(s) != DB_ROW) {
			db_stmt_release(s);
			return -1;
		}
		now = db_col_int(s, 0);
		db_stmt_release(s);
	}
	if ((s = db_preparef(db, sql_late, "ii", now, (int64_t)BATCH)) ==
	    NULL)
		return -1;
	while (n < BATCH && (rc = db_step(s)) == DB_ROW) {
		memset(&v[n], 0, sizeof(v[n]));
		v[n].id = db_col_int(s, 0);
		db_col_copy(s, 1, v[n].part_no, sizeof(v[n].part_no));
		v[n].quantity = db_col_int(s, 2);
		v[n].j.id = db_col_int(s, 3);
		db_col_copy(s, 4, v[n].j.number, sizeof(v[n].j.number));
		v[n].j.dealer_id = db_col_int(s, 5);
		v[n].j.region_id = db_col_int(s, 6);
		v[n].j.provider_id = db_col_int(s, 7);
		service_status_parse(db_col_text(s, 8, NULL), &v[n].j.status);
		v[n].j.version = db_col_int(s, 9);
		v[n].j.round = (int)db_col_int(s, 10);
		n++;
	}
	db_stmt_release(s);
	for (i = 0; i < n; i++) {
		if ((rc = flag_one(db, &v[i], now)) == -1)
			return -1;
		*flagged += rc;
	}
	if (*flagged > 0)
		log_info("parts sweep: %d overdue", *flagged);
	return 0;
}

/* The worker's minute: by the database's clock. */
void
service_parts_tick(struct db *db)
{
	int	 flagged;

	if (service_parts_sweep(db, 0, &flagged) == -1)
		log_error("parts sweep failed");
}

/* dealernetd parts-sweep [--now=YYYY-MM-DDTHH:MM:SSZ] */
int
service_parts_sweep_cli(struct db *db, int argc, char **argv)
{
	int64_t		 now;
	int		 flagged;

	if (util_cli_now(argc, argv, &now) == -1)
		return 2;
	if (service_parts_sweep(db, now, &flagged) == -1)
		return 1;
	printf("{\"overdue\":%d}\n", flagged);
	return 0;
}
