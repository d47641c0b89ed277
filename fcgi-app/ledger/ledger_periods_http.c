/*
 * ledger_periods_http.c: POST /api/v1/periods/{yyyy-mm}/close: HQ's finance
 * clerks close a month, and every dealer's statement of it is written
 * (ledger_close(), ledger_periods_db.c).
 */
#include "../http/http.h"
#include "ledger.h"

int
ledger_close_post(struct req *r)
{
	struct db	*db;
	cJSON		*j;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	st = ledger_close(db, &r->who, http_param(r, "period"), &r->err, &j);
	return ledger_answer(r, st, j);
}
