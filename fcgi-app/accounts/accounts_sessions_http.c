/*
 * accounts_sessions_http.c: one's own sessions, to see and to end
 *
 * A session is one sign-in (a refresh-token family).  Ending one ends
 * its refresh tokens and, through the access token's "sid", its access
 * tokens on the next request; "sign out everywhere" also moves the token
 * version on, so no access token of the user is left.  Only the caller's
 * own sessions are reached: another user's session id answers 404.
 */
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/fault.h"
#include "../db/db.h"
#include "../http/http.h"
#include "accounts.h"

/*
 * who's sessions as an array under name in parent, with China's times
 * for a page too; -1 on error.
 */
int
accounts_sessions_read(struct db *db, const struct principal *who,
    cJSON *parent, const char *name, int page)
{
	struct session_row	*v;
	cJSON			*a, *o;
	size_t			 n, i;

	if (session_list(db, who->user_id, &v, &n) == -1)
		return -1;
	if ((a = cJSON_AddArrayToObject(parent, name)) == NULL) {
		free(v);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((o = cJSON_CreateObject()) == NULL)
			break;
		cJSON_AddItemToArray(a, o);
		cJSON_AddNumberToObject(o, "id", (double)v[i].id);
		cJSON_AddStringToObject(o, "created_at", v[i].created);
		cJSON_AddStringToObject(o, "last_used_at", v[i].last_used);
		cJSON_AddStringToObject(o, "user_agent", v[i].user_agent);
		cJSON_AddStringToObject(o, "address", v[i].addr);
		cJSON_AddBoolToObject(o, "current",
		    v[i].id == who->session_id);
		if (page) {
			cJSON_AddStringToObject(o, "created_cn",
			    v[i].created_cn);
			cJSON_AddStringToObject(o, "last_used_cn",
			    v[i].last_used_cn);
		}
	}
	free(v);
	return 0;
}

/* GET /api/v1/me/sessions */
int
accounts_sessions_get(struct req *r)
{
	struct db	*db;
	cJSON		*j;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((j = cJSON_CreateObject()) == NULL)
		return 500;
	if (accounts_sessions_read(db, &r->who, j, "sessions", 0) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	return http_json(r, 200, j);
}

/*
 * End one of who's sessions: 204; 404 if it is not who's, 503.  The
 * caller's door clears its cookies when it was its own.
 */
int
accounts_sessions_end(struct db *db, const struct principal *who,
    int64_t sid, struct fault *f)
{
	int	 rc;

	if (sid <= 0 || (rc = session_end(db, who->user_id, sid)) == 1)
		return fault_set(f, 404, "not_found", "no such session");
	if (rc != 0)
		return 503;
	audit_write(db, who, "session_end", "user", who->user_id,
	    who->org_id, NULL);
	return 204;
}

/* Every session of who, and every access token: 204, or 503. */
int
accounts_sessions_end_all(struct db *db, const struct principal *who)
{
	if (db_begin(db) == -1)
		return 503;
	if (session_end_all(db, who->user_id) == -1 ||
	    audit_write(db, who, "sign_out_everywhere", "user",
	    who->user_id, who->org_id, NULL) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return 503;
	}
	return 204;
}

/* DELETE /api/v1/me/sessions: sign out everywhere. */
int
accounts_sessions_delete(struct req *r)
{
	struct db	*db;
	int		 st;

	if ((db = http_db(r)) == NULL ||
	    (st = accounts_sessions_end_all(db, &r->who)) != 204)
		return 503;
	http_clear_session_cookies(r);
	return 204;
}

/* DELETE /api/v1/me/sessions/{id} */
int
accounts_session_delete(struct req *r)
{
	int64_t		 sid = http_param_id(r, "id");
	struct db	*db;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = accounts_sessions_end(db, &r->who, sid, &r->err)) != 204)
		return http_refused(r, st);
	if (sid == r->who.session_id)
		http_clear_session_cookies(r);
	return 204;
}
