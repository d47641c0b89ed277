/*
 * bench_http.c: the benchmark's ceilings, routed only in the bench build
 * (DEALERNET_BENCH_ROUTES): one primary-key SELECT, and one durable
 * single-row INSERT, each through the same FastCGI, dispatch and
 * database layers as every handler, with nothing else around them.
 */
#include <stdlib.h>

#include "../db/db.h"
#include "../http/http.h"
#include "bench.h"

static const char sql_read[] =
	"SELECT id, number, status, total FROM orders WHERE id = ?";
static const char sql_write[] =
	"INSERT INTO bench_writes (note) VALUES ('bench')";

/* GET /api/v1/_bench/read?id=N */
int
bench_read_get(struct req *r)
{
	const char	*q = http_query(r, "id");
	struct db_stmt	*s;
	struct db	*db;
	cJSON		*j;
	int		 rc;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((s = db_prepare(db, sql_read)) == NULL ||
	    db_bind_int(s, 0, q != NULL ? atoll(q) : 0) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	j = cJSON_CreateObject();
	if (rc == DB_ROW) {
		cJSON_AddNumberToObject(j, "id", (double)db_col_int(s, 0));
		cJSON_AddStringToObject(j, "number", db_col_text(s, 1, NULL));
		cJSON_AddStringToObject(j, "status", db_col_text(s, 2, NULL));
		cJSON_AddNumberToObject(j, "total", (double)db_col_int(s, 3));
	}
	db_stmt_release(s);
	return http_json(r, 200, j);
}

/* POST /api/v1/_bench/write: one row, committed (autocommit, durable). */
int
bench_write_post(struct req *r)
{
	struct db	*db;

	if ((db = http_db(r)) == NULL)
		return 503;
	if (db_run(db, sql_write) == -1)
		return 500;
	return http_json(r, 201, cJSON_CreateObject());
}
