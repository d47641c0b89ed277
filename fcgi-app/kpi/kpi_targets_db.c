/*
 * kpi_targets_db.c: HQ's goals for the four figures (migration 0065), read
 * by every trend chart of the figure and set by HQ's admins on the
 * version read, each change in the audit trail with what it replaced.
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../auth/auth.h"
#include "../core/fault.h"
#include "../db/db.h"
#include "kpi.h"

const char *const kpi_target_keys[4] = { "turnover_goal", "margin_target",
	"resolution_target", "share_target" };

/* each figure's bounds, in its unit (migration 0065's CHECK) */
static const int64_t lo[4] = { 1, -10000, 0, 0 };
static const int64_t hi[4] = { 3650, 10000, 10000, 10000 };

static const char sql_read[] =
	"SELECT turnover_goal, margin_target, resolution_target, share_target, "
	"version FROM kpi_targets WHERE id = 1";
static const char sql_lock[] =
	"SELECT turnover_goal, margin_target, resolution_target, share_target, "
	"version FROM kpi_targets WHERE id = 1 FOR UPDATE";
static const char sql_set[] =
	"UPDATE kpi_targets SET turnover_goal = ?, margin_target = ?, "
	"resolution_target = ?, share_target = ?, version = version + 1 "
	"WHERE id = 1 AND version = ?";

static int
read_with(struct db *db, const char *sql, struct kpi_targets *t)
{
	struct db_stmt	*s;
	int		 i;

	if ((s = db_preparef(db, sql, "")) == NULL || db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return -1;
	}
	for (i = 0; i < 4; i++)
		t->v[i] = db_col_null(s, i) ? KPI_TARGET_NONE :
		    db_col_int(s, i);
	t->version = db_col_int(s, 4);
	db_stmt_release(s);
	return 0;
}

/* The goals into t: 0, or -1. */
int
kpi_targets_read(struct db *db, struct kpi_targets *t)
{
	return read_with(db, sql_read, t);
}

/* A goal into details under key, a number or null. */
static void
detail(cJSON *d, const char *key, int64_t v)
{
	if (v == KPI_TARGET_NONE)
		cJSON_AddNullToObject(d, key);
	else
		cJSON_AddNumberToObject(d, key, (double)v);
}

static int
set(struct db *db, const struct kpi_targets *in)
{
	struct db_stmt	*s;
	int		 i, ok = 1;

	if ((s = db_prepare(db, sql_set)) == NULL)
		return -1;
	for (i = 0; ok && i < 4; i++)
		ok = (in->v[i] == KPI_TARGET_NONE ? db_bind_null(s, i) :
		    db_bind_int(s, i, in->v[i])) == 0;
	ok = ok && db_bind_int(s, 4, in->version) == 0 && db_exec(s) == 0;
	i = ok ? (int)db_affected(s) : -1;
	db_stmt_release(s);
	return i;
}

/*
 * Set the goals in (each in its bounds or KPI_TARGET_NONE; INT64_MAX: a
 * field missing or not an integer) if they are still at in->version, by
 * who (HQ's admins): 200, 403, 409 or 422 in f, 500.
 */
int
kpi_targets_update(struct db *db, const struct principal *who,
    const struct kpi_targets *in, struct fault *f)
{
	struct kpi_targets old;
	cJSON		*d;
	char		 key[48];
	int		 i, n;

	if (who->kind != ORG_HQ || !(who->roles & ROLE_ADMIN))
		return fault_set(f, 403, "forbidden", "HQ's admins set the "
		    "figures' targets");
	for (i = 0; i < 4; i++)
		if (in->v[i] != KPI_TARGET_NONE && (in->v[i] < lo[i] ||
		    in->v[i] > hi[i]))
			fault_field(f, kpi_target_keys[i], i == 0 ?
			    "required: tenths of a day, 1 to 3650, or null "
			    "for none" : i == 1 ? "required: basis points, "
			    "-10000 to 10000, or null for none" : "required: "
			    "basis points, 0 to 10000, or null for none");
	if (in->version < 1)
		fault_field(f, "version", "required: the version you read");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db_begin(db) == -1)
		return 500;
	if (read_with(db, sql_lock, &old) == -1)
		goto fail;
	if (old.version != in->version) {
		db_rollback(db);
		return fault_set(f, 409, "conflict", "the targets changed "
		    "meanwhile; reload");
	}
	if ((n = set(db, in)) != 1) {
		db_rollback(db);
		return n == 0 ? fault_set(f, 409, "conflict", "the targets "
		    "changed meanwhile; reload") : 500;
	}
	d = cJSON_CreateObject();
	for (i = 0; i < 4; i++) {
		detail(d, kpi_target_keys[i], in->v[i]);
		snprintf(key, sizeof(key), "%s%s", kpi_target_keys[i],
		    AUDIT_BEFORE);
		detail(d, key, old.v[i]);
	}
	cJSON_AddNumberToObject(d, "version", (double)(in->version + 1));
	n = audit_write(db, who, "kpi_targets_change", "kpi_targets", 1, 0, d);
	cJSON_Delete(d);
	if (n == -1 || db_commit(db) == -1)
		goto fail;
	return 200;
fail:
	n = db_is_conflict(db);
	db_rollback(db);
	return n ? fault_set(f, 409, "conflict", "the targets changed "
	    "meanwhile; reload") : 500;
}
