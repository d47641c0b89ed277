/*
 * sellthrough_list_ops.c: reading a dealer's sell-through reports, below
 * the JSON handlers and the pages.  Newest period first, keyset by
 * "YYYYMMDD.id" of the last one shown.  The dealer reads its own, region
 * staff their dealers', HQ all.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "sellthrough.h"

/* The dealer in the caller's read scope: 0, or the status. */
static int
in_reach(struct db *db, const struct principal *who, int64_t dealer,
    struct fault *f)
{
	struct scope	 sc;
	int		 rc;

	scope_read(who, &sc);
	if ((rc = scope_dealer_reach(db, &sc, dealer)) == -1)
		return 500;
	return rc == 1 ? 0 : fault_set(f, 404, "not_found", "no such dealer");
}

/*
 * Dealer's reports of model (NULL: all) starting from..to (NULL: the
 * last 90 days), after the cursor after, at most limit: out gets dealer,
 * items and next_cursor.  200, or 404, 422 (with those f already names
 * too), 500.
 */
int
sellthrough_list(struct db *db, const struct principal *who, int64_t dealer,
    const char *from, const char *to, const char *model, const char *after,
    int limit, cJSON *out, struct fault *f)
{
	char		 first[11], today[11], day[11] = "9999-12-31";
	int64_t		 cur[2] = { 0, INT64_MAX };
	int		 st;

	util_china_date(today, sizeof(today), 0);
	util_china_date(first, sizeof(first), -90);
	if (from == NULL || *from == '\0')
		from = first;
	if (to == NULL || *to == '\0')
		to = today;
	if (!util_date_ok(from))
		fault_field(f, "from", "a date, YYYY-MM-DD");
	if (!util_date_ok(to) || strcmp(to, from) < 0)
		fault_field(f, "to", "a date, YYYY-MM-DD, not before from");
	if (model != NULL && strlen(model) > 32)
		fault_field(f, "model", "a model code");
	if (after != NULL && (http_cursor_parts(after, 2, cur) == -1 ||
	    cur[0] < 20000101 || cur[0] > 21001231))
		fault_field(f, "after", "a cursor from next_cursor");
	else if (after != NULL)
		snprintf(day, sizeof(day), "%04d-%02d-%02d", (int)(cur[0] /
		    10000), (int)(cur[0] / 100 % 100), (int)(cur[0] % 100));
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	if ((st = in_reach(db, who, dealer, f)) != 0)
		return st;
	cJSON_AddNumberToObject(out, "dealer", (double)dealer);
	return sellthrough_db_list(db, dealer, from, to, model != NULL ?
	    model : "", day, cur[1], limit, out) == -1 ? 500 : 200;
}

/* Report id of dealer, its earlier versions into out: 200, 404, 500. */
int
sellthrough_history(struct db *db, const struct principal *who,
    int64_t dealer, int64_t id, cJSON *out, struct fault *f)
{
	cJSON	*list;
	int	 st;

	if ((st = in_reach(db, who, dealer, f)) != 0)
		return st;
	if ((st = sellthrough_db_report_of(db, id, dealer)) != 1)
		return st == 0 ? fault_set(f, 404, "not_found",
		    "no such report") : 500;
	if ((list = sellthrough_db_history(db, id)) == NULL)
		return 500;
	cJSON_AddNumberToObject(out, "report", (double)id);
	cJSON_AddItemToObject(out, "versions", list);
	return 200;
}
