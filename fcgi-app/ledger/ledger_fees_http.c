/*
 * ledger_fees_http.c: GET /api/v1/dealers/{id}/fees?from=YYYY-MM&to=YYYY-MM
 * The fee inquiry (ledger_fees_read()).
 */
#include "../http/http.h"
#include "ledger.h"

int
ledger_fees_get(struct req *r)
{
	struct db	*db;
	cJSON		*j;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	st = ledger_fees_read(db, &r->who, http_param_id(r, "id"),
	    http_query(r, "from"), http_query(r, "to"), &r->err, &j);
	return ledger_answer(r, st, j);
}
