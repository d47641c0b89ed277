/*
 * accounts_dealers_http.c: the dealer directory, as far as the caller
 * reaches (accounts_dealers_db.c); any other dealer answers 404.
 */
#include "../db/db.h"
#include "../http/http.h"
#include "accounts_users.h"

int
accounts_dealers_get_one(struct req *r)
{
	struct db	*db;
	cJSON		*j;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = accounts_dealers_read(db, &r->who, http_param_id(r, "id"),
	    &j, &r->err)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

/* GET /api/v1/dealers?after=&limit= */
int
accounts_dealers_list_get(struct req *r)
{
	struct http_paging	 pg;
	struct db		*db;
	cJSON			*j;
	int			 st;

	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	if (accounts_dealers_list(db, &r->who, pg.after, pg.limit, &j) == -1)
		return 500;
	return http_json(r, 200, j);
}
