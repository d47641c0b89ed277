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
#include "../db/db.h"
#include "../http/http.h"
#include "accounts.h"

/*
 * The caller's sessions as an array under name in parent, with China's
 * times for a page too; -1 on error.
 */
int
accounts_sessions_json(struct req *r, struct db *db, cJSON *parent,
    const char *name, int page)
{
	struct session_row	*v;
	cJSON			*a, *o;
	size_t			 n, i;

	if (session_list(db, r->who.user_id, &v, &n) == -1)
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
		    v[i].id == r->who.session_id);
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
	if (accounts_sessions_json(r, db, j, "sessions", 0) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	return http_json(r, 200, j);
}

/* End one of the caller's sessions: 0, 1 if not the caller's, -1. */
int
accounts_session_end(struct req *r, int64_t sid)
{
	struct db	*db;
	int		 rc;

	if ((db = http_db(r)) == NULL)
		return -1;
	if ((rc = session_end(db, r->who.user_id, sid)) != 0)
		return rc;
	if (sid == r->who.session_id)
		http_clear_session_cookies(r);
	audit_write(db, &r->who, "session_end", "user", r->who.user_id,
	    NULL);
	return 0;
}

/* Every session of the caller, and every access token: 0 or -1. */
int
accounts_sign_out_everywhere(struct req *r)
{
	struct db	*db;

	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return -1;
	if (session_end_all(db, r->who.user_id) == -1 ||
	    audit_write(db, &r->who, "sign_out_everywhere", "user",
	    r->who.user_id, NULL) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	http_clear_session_cookies(r);
	return 0;
}

/* DELETE /api/v1/me/sessions: sign out everywhere. */
int
accounts_sessions_delete(struct req *r)
{
	return accounts_sign_out_everywhere(r) == -1 ? 503 : 204;
}

/* DELETE /api/v1/me/sessions/{id} */
int
accounts_session_delete(struct req *r)
{
	int64_t	 sid = http_param_id(r, "id");

	if (sid <= 0)
		return http_error(r, 404, "not_found", "no such session");
	switch (accounts_session_end(r, sid)) {
	case 0:
		return 204;
	case 1:
		return http_error(r, 404, "not_found", "no such session");
	default:
		return 503;
	}
}
