/*
 * inventory_ops.c: the stock's operations, below both the JSON handlers
 * and the page: the ERP's snapshot, and what is in stock where
 */
#include <stdio.h>
#include <string.h>

#include "../core/fault.h"
#include "../db/db.h"
#include "../http/http.h"
#include "inventory.h"

/*
 * The stock of model and warehouse (NULL or "": any) after the cursor
 * after (NULL: from the start), at most limit, names in lang: out gets
 * items and next_cursor.  200, 422 (with those f already names), 500.
 */
int
inventory_find(struct db *db, const char *lang, const char *model,
    const char *wh, const char *after, int limit, cJSON *out,
    struct fault *f)
{
	int64_t		 cur[2] = { 0, 0 };

	model = model != NULL ? model : "";
	wh = wh != NULL ? wh : "";
	if (strlen(model) > 32)
		fault_field(f, "model", "a model code");
	if (strlen(wh) > 16)
		fault_field(f, "warehouse", "a warehouse code");
	if (after != NULL && http_cursor_parts(after, 2, cur) == -1)
		fault_field(f, "after", "a cursor from next_cursor");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	return inventory_list(db, lang, model, wh, cur, limit, out) == -1 ?
	    500 : 200;
}

/* Row i's model and warehouse: 0 known, 1 unknown (named), -1 error. */
static int
refs(struct db *db, int i, const struct inventory_row *w, int64_t *p,
    int64_t *h, struct fault *f)
{
	char	 field[48];
	int	 bad = 0;

	if (inventory_refs(db, w->model, w->warehouse, p, h) == -1)
		return -1;
	if (*p == 0) {
		snprintf(field, sizeof(field), "rows[%d].model", i);
		fault_field(f, field, "no such model");
		bad = 1;
	}
	if (*h == 0) {
		snprintf(field, sizeof(field), "rows[%d].warehouse", i);
		fault_field(f, field, "no such warehouse");
		bad = 1;
	}
	return bad;
}

/*
 * The ERP's snapshot rows[0..n-1], checked: each replaces the stock held
 * unless that is newer; all go in or none.  200 with *applied, 409, 422
 * naming rows[i].field, 503, 500.
 */
int
inventory_snapshot(struct db *db, const struct inventory_row *rows, int n,
    int *applied, struct fault *f)
{
	int64_t	 p, h;
	int	 i, rc = 0, changed;

	*applied = 0;
	if (db_begin(db) == -1)
		return 503;
	for (i = 0; i < n; i++) {
		if ((rc = refs(db, i, &rows[i], &p, &h, f)) != 0) {
			if (rc == -1)
				break;
			continue;
		}
		if ((changed = inventory_put(db, p, h, &rows[i])) == -1) {
			rc = -1;
			break;
		}
		*applied += changed > 0;
	}
	if (rc == -1 || fault_fields(f) || db_commit(db) == -1) {
		db_rollback(db);
		if (fault_fields(f))
			return fault_set(f, 422, "validation_failed",
			    "check the rows");
		return db_is_conflict(db) ? fault_set(f, 409, "conflict",
		    "another snapshot got in first; send again") : 500;
	}
	return 200;
}
