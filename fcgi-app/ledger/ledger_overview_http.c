/*
 * ledger_overview_http.c: GET /api/v1/statements?period=&status=&after=&limit=
 * Who has reconciled a closed month (by default the last one closed):
 * the count of statements in each status, per region for staff, and the
 * dealers' statements, filtered by status (open: not yet reconciled), by
 * keyset on the dealer's id.  Within the caller's scope: a dealer sees
 * its own, region staff their region's, HQ all (ledger_statement_db.c).
 */
#include "../http/http.h"
#include "ledger.h"

/* Four counts by status, at key in j. */
static void
tally(cJSON *j, const int64_t *n)
{
	int	 i;

	for (i = 0; i < LEDGER_STATUSES; i++)
		cJSON_AddNumberToObject(j, ledger_statuses[i], (double)n[i]);
}

/* The overview as the API shows it. */
cJSON *
ledger_overview_json(const struct ledger_overview *o)
{
	const struct ledger_overview_item *x;
	cJSON	*j = cJSON_CreateObject(), *list, *it, *c;
	size_t	 i;

	if (o->period[0] == '\0') {	/* no month is closed yet */
		cJSON_AddNullToObject(j, "period");
		cJSON_AddNullToObject(j, "last_closed");
		cJSON_AddArrayToObject(j, "items");
		cJSON_AddNullToObject(j, "next_cursor");
		return j;
	}
	cJSON_AddStringToObject(j, "period", o->period);
	cJSON_AddStringToObject(j, "last_closed", o->last_closed);
	if (o->by_region) {
		list = cJSON_AddArrayToObject(j, "regions");
		for (i = 0; i < o->nregions; i++) {
			it = cJSON_CreateObject();
			cJSON_AddNumberToObject(it, "id",
			    (double)o->regions[i].id);
			cJSON_AddStringToObject(it, "code", o->regions[i].code);
			cJSON_AddStringToObject(it, "name", o->regions[i].name);
			tally(it, o->regions[i].n);
			cJSON_AddItemToArray(list, it);
		}
	}
	c = cJSON_AddObjectToObject(j, "counts");
	cJSON_AddNumberToObject(c, "all", (double)(o->counts[0] +
	    o->counts[1] + o->counts[2] + o->counts[3]));
	tally(c, o->counts);
	list = cJSON_AddArrayToObject(j, "items");
	for (i = 0; i < o->n; i++) {
		x = &o->items[i];
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "dealer", (double)x->dealer);
		cJSON_AddStringToObject(it, "code", x->code);
		cJSON_AddStringToObject(it, "name", x->name);
		cJSON_AddStringToObject(it, "status", x->status);
		cJSON_AddNumberToObject(it, "opening_balance",
		    (double)x->opening);
		cJSON_AddNumberToObject(it, "closing_balance",
		    (double)x->closing);
		cJSON_AddNumberToObject(it, "entry_count",
		    (double)x->entry_count);
		cJSON_AddItemToArray(list, it);
	}
	ledger_cursor_json(j, o->next);
	return j;
}

int
ledger_overview_get(struct req *r)
{
	struct ledger_overview o;
	struct http_paging pg;
	struct db	*db;
	int		 st;

	http_paging(r, &pg);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = ledger_overview_read(db, &r->who, http_query(r, "period"),
	    http_query(r, "status"), r->lang, pg.after, pg.limit, &r->err,
	    &o)) != 200)
		return http_refused(r, st);
	st = http_json(r, 200, ledger_overview_json(&o));
	ledger_overview_free(&o);
	return st;
}
