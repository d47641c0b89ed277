/*
 * orders_draft_lines_db.c: changing and removing a line of the caller's
 * draft; every statement is keyed by the caller's user id
 */
#include <string.h>

#include "../db/db.h"
#include "orders.h"

static const char sql_one[] =
	"SELECT p.code, d.quantity, d.options FROM draft_lines d JOIN "
	"products p ON p.id = d.product_id WHERE d.id = ? AND d.user_id = ?";
static const char sql_set[] =
	"UPDATE draft_lines SET product_id = ?, quantity = ?, options = ? "
	"WHERE id = ? AND user_id = ?";
static const char sql_del[] =
	"DELETE FROM draft_lines WHERE id = ? AND user_id = ?";

/* user's own line id, as {product, quantity, options}; 404 else. */
static int
load_line(struct db *db, int64_t user, int64_t id, struct fault *f,
    cJSON **out)
{
	struct db_stmt	*s;
	cJSON		*o;
	int		 rc;

	*out = NULL;
	if ((s = db_prepare(db, sql_one)) == NULL ||
	    db_bind_int(s, 0, id) == -1 || db_bind_int(s, 1, user) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (rc == DB_DONE) {
		db_stmt_release(s);
		return fault_set(f, 404, "not_found", "no such draft line");
	}
	*out = cJSON_CreateObject();
	cJSON_AddStringToObject(*out, "product", db_col_text(s, 0, NULL));
	cJSON_AddNumberToObject(*out, "quantity", (double)db_col_int(s, 1));
	if ((o = cJSON_Parse(db_col_text(s, 2, NULL))) == NULL)
		o = cJSON_CreateObject();
	cJSON_AddItemToObject(*out, "options", o);
	db_stmt_release(s);
	return 0;
}

/*
 * Change who's draft line id as changes ({quantity, options}, either)
 * say, checked like a new line: 200, or the refusal.
 */
int
orders_draft_line_change(struct db *db, const struct principal *who,
    int64_t id, const cJSON *changes, struct fault *f)
{
	struct draft_line	 l;
	struct db_stmt		*s;
	const cJSON		*v;
	cJSON			*line;
	int			 st, ok;

	memset(&l, 0, sizeof(l));
	if (db == NULL)
		return 503;
	if (id <= 0)
		return fault_set(f, 404, "not_found", "no such draft line");
	if ((st = load_line(db, who->user_id, id, f, &line)) != 0)
		return st;
	cJSON_ArrayForEach(v, changes) {
		if (strcmp(v->string, "quantity") != 0 &&
		    strcmp(v->string, "options") != 0) {
			fault_field(f, v->string, "only quantity and "
			    "options change");
			continue;
		}
		cJSON_ReplaceItemInObjectCaseSensitive(line, v->string,
		    cJSON_Duplicate(v, 1));
	}
	if (!fault_fields(f) &&
	    orders_draft_line_check(db, f, line, "line", &l) == -1) {
		cJSON_Delete(line);
		return 500;
	}
	cJSON_Delete(line);
	if (fault_fields(f)) {
		orders_draft_line_free(&l);
		return fault_set(f, 422, "validation_failed",
		    "check the line");
	}
	ok = (s = db_prepare(db, sql_set)) != NULL &&
	    db_bind_int(s, 0, l.product_id) == 0 &&
	    db_bind_int(s, 1, l.quantity) == 0 &&
	    db_bind_text(s, 2, l.options) == 0 && db_bind_int(s, 3, id) == 0 &&
	    db_bind_int(s, 4, who->user_id) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	orders_draft_line_free(&l);
	return ok ? 200 : 500;
}

/* Remove who's draft line id: 200, or the refusal (404). */
int
orders_draft_line_remove(struct db *db, const struct principal *who,
    int64_t id, struct fault *f)
{
	struct db_stmt	*s;
	int		 ok, gone;

	if (db == NULL)
		return 503;
	ok = (s = db_prepare(db, sql_del)) != NULL &&
	    db_bind_int(s, 0, id) == 0 &&
	    db_bind_int(s, 1, who->user_id) == 0 && db_exec(s) == 0;
	gone = ok && db_affected(s) == 1;
	db_stmt_release(s);
	if (!ok)
		return 500;
	return gone ? 200 : fault_set(f, 404, "not_found",
	    "no such draft line");
}
