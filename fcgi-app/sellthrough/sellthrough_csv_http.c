/*
 * sellthrough_csv_http.c: a sell-through report as CSV
 *   POST /api/v1/sellthrough/csv?dealer=		(text/csv)
 * The columns and their checks: sellthrough_csv_ops.c.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../http/http.h"
#include "sellthrough.h"

/* POST /api/v1/sellthrough/csv?dealer= (the ERP names the dealer) */
int
sellthrough_csv_post(struct req *r)
{
	struct sellthrough_tally t;
	const char		*q = http_query(r, "dealer");
	struct db		*db;
	int64_t			 id = 0, dealer;
	double			 d;
	int			 st, n;

	/* the dealer as the JSON report would name it */
	if (q != NULL && *q != '\0') {
		d = atof(q);
		if (d < 1 || d > (double)(INT64_MAX / 2) ||
		    d != (double)(int64_t)d) {
			http_field_error(r, "dealer", "a dealer's id");
			return http_error(r, 422, "validation_failed",
			    "check the rows");
		}
		id = (int64_t)d;
	}
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = sellthrough_reporter(db, &r->who, id, &dealer,
	    &r->err)) != 0)
		return st;
	st = sellthrough_csv(db, &r->who, dealer, r->body != NULL ? r->body :
	    "", r->body_len, &t, &n, &r->err);
	return st == 200 ? sellthrough_answer(r, dealer, n, &t) : st;
}
