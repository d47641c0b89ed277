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

int
ledger_overview_get(struct req *r)
{
	struct http_paging pg;
	struct db	*db;
	cJSON		*j;
	int		 st;

	http_paging(r, &pg);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = ledger_overview_read(db, &r->who, http_query(r, "period"),
	    http_query(r, "status"), r->lang, pg.after, pg.limit, &r->err,
	    &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}
