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
	const char	*p = http_param(r, "period");
	struct db	*db;
	int64_t		 n;
	cJSON		*j;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = ledger_close(db, &r->who, p, &r->err, &n)) != 200)
		return http_refused(r, st);
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "period", p);
	cJSON_AddNumberToObject(j, "statements", (double)n);
	return http_json(r, 200, j);
}
