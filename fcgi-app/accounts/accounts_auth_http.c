/* accounts_auth_http.c: the token API: login, refresh, logout, me, own password */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "accounts.h"

/*
 * The new pair: in the body for API clients; for a browser only in its
 * HttpOnly cookies, where no page script can read them.
 */
static int
token_pair(struct req *r, const char *access, const char *refresh,
    int cookies)
{
	cJSON	*j;

	if ((j = cJSON_CreateObject()) == NULL)
		return 500;
	if (cookies)
		http_set_session_cookies(r, access, refresh);
	else {
		cJSON_AddStringToObject(j, "access_token", access);
		cJSON_AddStringToObject(j, "refresh_token", refresh);
	}
	cJSON_AddStringToObject(j, "token_type", "Bearer");
	cJSON_AddNumberToObject(j, "expires_in", TOKEN_TTL);
	return http_json(r, 200, j);
}

const char *
accounts_client_addr(struct req *r)
{
	const char	*a = http_env(r, "REMOTE_ADDR");

	return a != NULL && strlen(a) < 64 ? a : "unknown";
}

/*
 * A refusal to sign in as its status and fault (no request needed, so an
 * operation can answer with it); *retry gets what Retry-After says, 0
 * for nothing.
 */
int
accounts_login_fault(enum login_result res, int *retry, struct fault *f)
{
	switch (res) {
	case LOGIN_BUSY:
		/* nobody checked the password: not a failure, try again */
		*retry = 1;
		return fault_set(f, 503, "unavailable",
		    "sign-in is busy; try again in a moment");
	case LOGIN_LOCKED:
	case LOGIN_THROTTLED:
		*retry = *retry > 0 ? *retry : 1;
		return fault_set(f, 429, "too_many_requests",
		    "too many failed sign-ins; try again later");
	case LOGIN_BAD:
		*retry = 0;
		return fault_set(f, 401, "unauthorized",
		    "wrong login or password");
	case LOGIN_MACHINE:
		*retry = 0;
		return fault_set(f, 403, "machine_account", "this account "
		    "is a machine's: it uses an API key on /api/v1");
	default:
		*retry = 0;
		return fault_set(f, 503, "unavailable",
		    "sign-in is unavailable; try again");
	}
}

/* The Retry-After an operation asked for (seconds, 0 none). */
void
accounts_retry_after(struct req *r, int retry)
{
	char	 secs[16];

	if (retry <= 0)
		return;
	snprintf(secs, sizeof(secs), "%d", retry);
	http_header(r, "Retry-After", secs);
}

/* Shared by the API and the sign-in page: maps a refusal to its answer. */
int
accounts_login_refused(struct req *r, enum login_result res, int retry)
{
	int	 st;

	buf_reset(&r->out);
	st = accounts_login_fault(res, &retry, &r->err);
	accounts_retry_after(r, retry);
	return st;
}

int
accounts_login_post(struct req *r)
{
	const char		*login, *pw;
	struct login		 l;
	enum login_result	 res;
	struct db		*db;
	int			 st;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_string(r->json, "login", LOGIN_MAX, &login) != 0)
		http_field_error(r, "login", "required, at most 64 characters");
	if (json_get_string(r->json, "password", PASSWORD_MAX, &pw) != 0)
		http_field_error(r, "password",
		    "required, at most 256 characters");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((res = accounts_login(db, login, pw, accounts_client_addr(r),
	    http_env(r, "HTTP_USER_AGENT"), &l)) != LOGIN_OK)
		return accounts_login_refused(r, res, l.retry_after);
	st = token_pair(r, l.access, l.refresh, 0);
	free(l.access);
	return st;
}

/* The refresh token from the body, else (with the CSRF header) the cookie. */
static const char *
presented_refresh(struct req *r, int *from_cookie)
{
	const char	*t = NULL;

	*from_cookie = 0;
	if (r->json != NULL && json_get_string(r->json, "refresh_token",
	    REFRESH_LEN, &t) == 0)
		return t;
	if ((t = http_cookie(r, HTTP_COOKIE_REFRESH)) != NULL &&
	    csrf_check(r->csrf_seed, r->authed ? r->who.user_id : 0,
	    http_env(r, CSRF_HEADER))) {
		*from_cookie = 1;
		return t;
	}
	return NULL;
}

int
accounts_refresh_post(struct req *r)
{
	const char	*t;
	char		 fresh[REFRESH_LEN + 1], *access;
	struct principal p;
	struct db	*db;
	int		 rc, cookie, st;

	if ((t = presented_refresh(r, &cookie)) == NULL)
		return http_error(r, 401, "unauthorized",
		    "missing or invalid credentials");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = session_rotate(db, t, &p, fresh)) != 0) {
		if (cookie && rc == 1)	/* not on a database failure */
			http_clear_session_cookies(r);
		return rc == 1 ? http_error(r, 401, "unauthorized",
		    "missing or invalid credentials") : 503;
	}
	if ((access = token_issue(&p, util_now_unix())) == NULL)
		return 500;
	st = token_pair(r, access, fresh, cookie);
	free(access);
	return st;
}

int
accounts_logout_post(struct req *r)
{
	const char	*t;
	struct db	*db;
	int		 cookie;

	if ((t = presented_refresh(r, &cookie)) == NULL)
		return http_error(r, 401, "unauthorized",
		    "missing or invalid credentials");
	if ((db = http_db(r)) == NULL || session_revoke(db, t) == -1)
		return 503;
	http_clear_session_cookies(r);
	return 204;
}

/* GET /api/v1/me: the user, the organisation, the roles. */
int
accounts_me_get(struct req *r)
{
	struct db	*db;
	cJSON		*j;

	if ((db = http_db(r)) == NULL)
		return 503;
	if (accounts_me_read(db, &r->who, &j) == -1)
		return 500;
	return http_json(r, 200, j);
}

/* PATCH /api/v1/me {"lang","display_name"}: one's own settings. */
int
accounts_me_patch(struct req *r)
{
	const char	*lang = NULL, *name = NULL;
	struct db	*db;
	int		 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_string(r->json, "lang", 8, &lang) == -1)
		http_field_error(r, "lang", "zh-CN or en");
	if (json_get_string(r->json, "display_name", NAME_MAX_LEN,
	    &name) == -1)
		http_field_error(r, "display_name", "1 to 100 characters");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = accounts_me_set(db, &r->who, lang, name, &r->err)) != 200)
		return http_refused(r, st);
	return accounts_me_get(r);
}

/* POST /api/v1/me/password {"current_password","new_password"} */
int
accounts_password_post(struct req *r)
{
	const char	*cur, *pw;
	struct login	 l;
	struct db	*db;
	int		 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_string(r->json, "current_password", PASSWORD_MAX,
	    &cur) != 0)
		http_field_error(r, "current_password", "required");
	if (json_get_string(r->json, "new_password", SIZE_MAX, &pw) == -1)
		http_field_error(r, "new_password", "10 to 256 characters");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = accounts_me_password(db, &r->who, r->user.login, cur, pw,
	    accounts_client_addr(r), http_env(r, "HTTP_USER_AGENT"), &l,
	    &r->err)) != 200) {
		accounts_retry_after(r, l.retry_after);
		return http_refused(r, st);
	}
	st = token_pair(r, l.access, l.refresh, r->cookie_auth);
	free(l.access);
	return st;
}
