/*
 * testing_http.c: routes that exist only in test builds
 *
 * Built with -DDEALERNET_TEST_ROUTES (the test and sanitizer binaries),
 * never into build/dealernetd.  They let the API tests hold a request in
 * flight (graceful shutdown) and post bodies to a route that only parses
 * them (limits of the request parser).
 */
#ifdef DEALERNET_TEST_ROUTES
#include <stdlib.h>
#include <time.h>

#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "testing.h"

static void
pause_ms(long n)
{
	struct timespec	 ts;

	ts.tv_sec = n / 1000;
	ts.tv_nsec = (n % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1)
		;
}

/*
 * POST /api/v1/_test/db-fault {"after": n, "kind": "fail"}: the next
 * request's n-th database statement fails (db/db_fault.c), or, kind
 * "lose", finds its transaction silently rolled back, or, kind
 * "conflict", fails as a lost deadlock; GET answers how many armed
 * faults have hit so far, so a test knows whether its request met one,
 * and how many COMMITs that request had made before it.
 */
int
testing_db_fault_post(struct req *r)
{
	const char	*kind = "fail";
	int64_t		 n = 0;

	if (r->json == NULL || json_get_int(r->json, "after", 0, 100000,
	    &n) != 0)
		return http_error(r, 422, "validation_failed",
		    "after: 0..100000");
	if (json_get_string(r->json, "kind", 8, &kind) == 1)
		kind = "fail";
	if (kind == NULL || (strcmp(kind, "fail") != 0 &&
	    strcmp(kind, "lose") != 0 && strcmp(kind, "conflict") != 0))
		return http_error(r, 422, "validation_failed",
		    "kind: fail, lose or conflict");
	db_fault_arm((int)n, strcmp(kind, "lose") == 0 ? DB_FAULT_LOSE :
	    strcmp(kind, "conflict") == 0 ? DB_FAULT_CONFLICT : DB_FAULT_FAIL);
	return testing_db_fault_get(r);
}

int
testing_db_fault_get(struct req *r)
{
	cJSON	*j;
	int	 commits, n = db_fault_fired(&commits);

	if ((j = cJSON_CreateObject()) == NULL)
		return 500;
	cJSON_AddNumberToObject(j, "fired", n);
	cJSON_AddNumberToObject(j, "committed_before", commits);
	return http_json(r, 200, j);
}

/* GET /api/v1/_test/sleep?ms=N (N <= 10000): answers after N ms. */
int
testing_sleep_get(struct req *r)
{
	const char	*ms = http_query(r, "ms");
	cJSON		*j;
	long		 n;

	n = ms != NULL ? strtol(ms, NULL, 10) : 0;
	if (n < 0 || n > 10000)
		return http_error(r, 422, "validation_failed", "ms: 0..10000");
	pause_ms(n);
	if ((j = cJSON_CreateObject()) == NULL)
		return 500;
	cJSON_AddNumberToObject(j, "slept_ms", (double)n);
	return http_json(r, 200, j);
}

/* POST /api/v1/_test/echo: the parsed JSON body, or the form, back. */
int
testing_echo_post(struct req *r)
{
	cJSON	*j, *f;
	size_t	 i;

	if (r->json != NULL)
		return http_json(r, 200, cJSON_Duplicate(r->json, 1));
	if ((j = cJSON_CreateObject()) == NULL)
		return 500;
	f = cJSON_AddObjectToObject(j, "form");
	for (i = 0; f != NULL && i < r->form.n; i++)
		cJSON_AddStringToObject(f, r->form.v[i].name,
		    r->form.v[i].value);
	return http_json(r, 200, j);
}
/*
 * POST /api/v1/_test/deadlock?first=A&second=B&ms=N[&write=1]: in one
 * transaction, lock organisation A, pause N ms, lock B.  Two calls in
 * opposite orders deadlock; the loser's request runs again (the
 * dispatcher's retry) and answers which run it was.  With write=1 a
 * write that commits by itself comes first, and the loser is not run
 * again: it answers 409; with raw=1 too, 500, as a handler that does not
 * expect a deadlock would (the dispatcher makes that a 503).
 */
int
testing_deadlock_post(struct req *r)
{
	static const char sql[] = "SELECT id FROM orgs WHERE id = ? FOR UPDATE";
	const char	*q[2] = { http_query(r, "first"), http_query(r, "second") };
	struct db	*db;
	struct db_stmt	*s;
	const char	*ms = http_query(r, "ms");
	long		 n = ms != NULL ? strtol(ms, NULL, 10) : 0;
	cJSON		*j;
	int		 i;

	if (q[0] == NULL || q[1] == NULL || n < 0 || n > 5000)
		return http_error(r, 422, "validation_failed",
		    "first, second: ids; ms: 0..5000");
	if ((db = http_db(r)) == NULL)
		return 503;
	/* write=1: a write that commits by itself first: no rerun after it */
	if (http_query(r, "write") != NULL && db_execv(db, "UPDATE orgs SET "
	    "version = version WHERE id = ?", NULL, "i",
	    (int64_t)strtoll(q[0], NULL, 10)) < 0)
		return 500;
	if (db_begin(db) == -1)
		return 503;
	for (i = 0; i < 2; i++) {
		if (i == 1)
			pause_ms(n);
		if ((s = db_prepare(db, sql)) == NULL ||
		    db_bind_int(s, 0, strtoll(q[i], NULL, 10)) == -1 ||
		    db_step(s) == DB_ERROR) {
			db_stmt_release(s);
			db_rollback(db);
			if (http_query(r, "raw") != NULL)
				return 500;
			return http_error(r, 409, "conflict", "lost a deadlock");
		}
		db_stmt_release(s);
	}
	if (db_commit(db) == -1)
		return http_error(r, 409, "conflict", "the commit failed");
	if ((j = cJSON_CreateObject()) == NULL)
		return 500;
	cJSON_AddNumberToObject(j, "attempt", r->attempt);
	return http_json(r, 200, j);
}

/*
 * GET /api/v1/_test/db-cache?n=N: N statements prepared and run on this
 * request's connection, each a copy of one constant text at an address of
 * its own (the cache keys a statement by its text's address, as every
 * feature's static SQL has one), and each found again: how many the
 * connection's statement cache holds at once.
 */
#define TEXTS	1000
int
testing_db_cache_get(struct req *r)
{
	static const char sql[] = "SELECT ? + 1";
	static char	 texts[TEXTS][sizeof(sql)];
	const char	*q = http_query(r, "n");
	struct db_stmt	*s;
	struct db	*db;
	cJSON		*j;
	long		 n, i, ran = 0, again = 0;

	n = q != NULL ? strtol(q, NULL, 10) : 0;
	if (n < 1 || n > TEXTS)
		return http_error(r, 422, "validation_failed", "n: 1..1000");
	if ((db = http_db(r)) == NULL)
		return 503;
	for (i = 0; i < n; i++) {
		memcpy(texts[i], sql, sizeof(sql));
		if ((s = db_prepare(db, texts[i])) != NULL &&
		    db_bind_int(s, 0, i) == 0 && db_step(s) == DB_ROW &&
		    db_col_int(s, 0) == i + 1)
			ran++;
		db_stmt_release(s);
	}
	for (i = 0; i < n; i++)
		again += db_prepare(db, texts[i]) != NULL;
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "ran", (double)ran);
	cJSON_AddNumberToObject(j, "found_again", (double)again);
	return http_json(r, 200, j);
}

/*
 * GET /api/v1/_test/db?len=N: two text columns of N bytes read back,
 * across the database layer's buffer growth.
 */
int
testing_db_get(struct req *r)
{
	static const char sql[] = "SELECT REPEAT('a', ?), REPEAT('b', ?), ? "
	    "UNION ALL SELECT REPEAT('c', ? + 1), REPEAT('d', ? + 1), ?";
	const char	*q = http_query(r, "len");
	struct db_stmt	*s;
	struct db	*db;
	cJSON		*j, *rows, *row;
	size_t		 la, lb;
	long		 n;
	int		 i, ok = 1;

	n = q != NULL ? strtol(q, NULL, 10) : 0;
	if (n < 0 || n > 100000)
		return http_error(r, 422, "validation_failed", "len: 0..100000");
	if ((db = http_db(r)) == NULL || (s = db_prepare(db, sql)) == NULL)
		return 503;
	for (i = 0; i < 6; i++)
		ok &= db_bind_int(s, i, n) == 0;
	j = cJSON_CreateObject();
	rows = cJSON_AddArrayToObject(j, "rows");
	while (ok && db_step(s) == DB_ROW) {
		row = cJSON_CreateObject();
		db_col_text(s, 0, &la);
		db_col_text(s, 1, &lb);
		cJSON_AddNumberToObject(row, "a", (double)strlen(db_col_text(s,
		    0, NULL)));
		cJSON_AddNumberToObject(row, "a_len", (double)la);
		cJSON_AddNumberToObject(row, "b", (double)strlen(db_col_text(s,
		    1, NULL)));
		cJSON_AddNumberToObject(row, "b_len", (double)lb);
		cJSON_AddStringToObject(row, "b_first", (char[]){
		    db_col_text(s, 1, NULL)[0], '\0' });
		cJSON_AddItemToArray(rows, row);
	}
	db_stmt_release(s);
	return http_json(r, 200, j);
}
#endif
