/*
 * complaints_export_db.c: the complaints as CSV, one row each
 *
 * GET /api/v1/complaints.csv?status=&dealer= reads what the list reads
 * newest first (complaints_db.c's "new" order), in one variant per scope
 * path on the same keys, a page of HTTP_EXPORT_PAGE per statement by the
 * keyset cursor (the last id), streamed by http/export.c.  Staff's
 * internal notes are in the thread, never here; times are UTC.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/buf.h"
#include "../core/csv.h"
#include "../core/fault.h"
#include "../db/db.h"
#include "../http/http.h"
#include "complaints.h"

#define TS(col)	"DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"

/* owner ?, status ? ?, cursor, limit */
#define EXPORT_SQL(owner) \
	"SELECT c.id, c.number, d.code, d.name_zh, d.name_en, o.number, " \
	"c.category, c.severity, c.subject, c.description, c.status, " \
	"c.escalation_level, " TS("c.filed_at") ", " \
	TS("c.first_response_due") ", " TS("c.first_responded_at") ", " \
	TS("c.resolution_due") ", " TS("c.resolved_at") ", c.reopen_count, " \
	"c.rating FROM complaints c JOIN orgs d ON d.id = c.dealer_id " \
	"LEFT JOIN orders o ON o.id = c.order_id WHERE " owner \
	" AND (? = '' OR c.status = ?) AND c.id < ? ORDER BY c.id DESC LIMIT ?"

static const char *const sql_export[] = {
	EXPORT_SQL(SCOPE_OWNER_ALL("c")), EXPORT_SQL(SCOPE_OWNER_REGION("c")),
	EXPORT_SQL(SCOPE_OWNER_DEALER("c")),
	EXPORT_SQL(SCOPE_OWNER_MANAGER("c")),
	EXPORT_SQL(SCOPE_OWNER_CHAIN("c")),
};
SCOPE_PATHS_ALL(sql_export);

/* The file's first row (complaints_export_page's columns). */
const char *const complaints_export_heads[] = {
	"number", "dealer_code", "dealer_name", "order", "category",
	"severity", "subject", "description", "status", "escalation_level",
	"filed_at", "first_response_due", "first_responded_at",
	"resolution_due", "resolved_at", "reopen_count", "rating", NULL
};

/*
 * The export of the complaints who may see, filtered by status and
 * dealer (NULL or "": any), into x: 0, or the refusal (422 naming the
 * fields, 404 a dealer out of reach, 500).
 */
int
complaints_export_open(struct db *db, const struct principal *who,
    const char *status, const char *dealer, const char *lang,
    struct fault *f, struct complaints_export *x)
{
	enum complaint_status	 cs;
	struct scope		 sc;
	enum scope_path		 path;
	int64_t			 id;
	int			 rc;

	memset(x, 0, sizeof(*x));
	if (status != NULL && *status != '\0' &&
	    complaints_status_parse(status, &cs) == -1)
		fault_field(f, "status", "open, in_progress or resolved");
	if (scope_dealer_param(dealer, &id) == -1)
		fault_field(f, "dealer", "a dealer id");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	if (db == NULL)
		return 503;
	scope_read(who, &sc);
	/* one dealer of those: its own path */
	if ((rc = scope_path_dealer(db, &sc, id, &path, &x->key)) != 1)
		return rc == 0 ? fault_set(f, 404, "not_found",
		    "no such dealer") : 500;
	x->path = path;
	snprintf(x->status, sizeof(x->status), "%s", status != NULL ?
	    status : "");
	x->before = INT64_MAX;
	x->en = strcmp(lang, "en") == 0;
	return 0;
}

/*
 * The next page's rows into out (http_export's page()): 1 if a full page
 * was read, 0 after the last, -1 on an error (the cursor stays).
 */
int
complaints_export_page(struct db *db, struct buf *out, void *ctx)
{
	struct complaints_export *x = ctx;
	struct db_stmt		*s;
	int64_t			 last = 0;
	int			 n = 0, rc, i;

	if ((s = db_prepare(db, sql_export[x->path])) == NULL ||
	    db_bind_int(s, 0, x->key) == -1 ||
	    db_bind_text(s, 1, x->status) == -1 ||
	    db_bind_text(s, 2, x->status) == -1 ||
	    db_bind_int(s, 3, x->before) == -1 ||
	    db_bind_int(s, 4, HTTP_EXPORT_PAGE) == -1) {
		db_stmt_release(s);
		return -1;
	}
	while ((rc = db_step(s)) == DB_ROW) {
		n++;
		last = db_col_int(s, 0);
		csv_put(out, db_col_text(s, 1, NULL), 0);
		csv_put(out, db_col_text(s, 2, NULL), 0);
		csv_put(out, db_col_text(s, x->en ? 4 : 3, NULL), 0);
		for (i = 5; i <= 18; i++)
			csv_put(out, db_col_text(s, i, NULL), i == 18);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR)
		return -1;
	if (n > 0)
		x->before = last;
	return n == HTTP_EXPORT_PAGE;
}
