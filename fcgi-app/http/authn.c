/*
 * authn.c: who is calling, and may they call this route
 *
 * API clients send "Authorization: Bearer <access token>".  Browsers hold
 * the access and refresh tokens in HttpOnly SameSite=Strict cookies; when
 * the access cookie has expired the refresh cookie is traded for a new
 * pair on the fly.  Every verified token is checked against the user row
 * (enabled, same token version), so disabling a user or changing a
 * password ends their tokens at once.  Cookie-authenticated posts and
 * every form post must carry the CSRF token.
 *
 * Machine clients send an API key instead ("Authorization: Bearer dnk_..."
 * or "X-API-Key: dnk_..."): it works under /api only, as its user, and
 * only on routes whose capabilities it holds.  A user with the erp role is
 * such a machine: its password and tokens open nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/auth.h"
#include "../auth/session.h"
#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../views/esc.h"
#include "../views/views.h"
#include "http.h"

/* A page that needs a signed-in user sends the browser to sign in first. */
static int
login_redirect(struct req *r)
{
	const char	*q = http_env(r, "QUERY_STRING");
	struct buf	 b, next;
	int		 st;

	buf_init(&b);
	buf_init(&next);
	buf_adds(&next, r->path);
	if (q != NULL && *q != '\0')
		buf_printf(&next, "?%s", q);
	buf_adds(&b, "/login?next=");
	esc_url(&b, buf_cstr(&next), next.len);
	st = b.oom ? http_error(r, 500, "internal", "out of memory") :
	    http_redirect(r, 303, buf_cstr(&b));
	buf_free(&b);
	buf_free(&next);
	return st;
}

void
http_set_session_cookies(struct req *r, const char *access,
    const char *refresh)
{
	http_set_cookie(r, HTTP_COOKIE_ACCESS, access, TOKEN_TTL);
	if (refresh != NULL)
		http_set_cookie(r, HTTP_COOKIE_REFRESH, refresh,
		    REFRESH_TTL_DAYS * 24 * 3600);
}

void
http_clear_session_cookies(struct req *r)
{
	http_set_cookie(r, HTTP_COOKIE_ACCESS, "", -1);
	http_set_cookie(r, HTTP_COOKIE_REFRESH, "", -1);
}

/* The CSRF token for this browser's forms; sets its seed cookie if new. */
const char *
http_csrf_token(struct req *r)
{
	static _Thread_local char	 tok[65];

	if (r->csrf_seed[0] == '\0') {
		if (csrf_new_seed(r->csrf_seed, sizeof(r->csrf_seed)) == -1)
			return "";
		http_set_cookie(r, CSRF_COOKIE, r->csrf_seed, 0);
	}
	return csrf_token(r->csrf_seed, r->authed ? r->who.user_id : 0, tok,
	    sizeof(tok)) == 0 ? tok : "";
}

/*
 * A streamed body's CSRF token tok (NULL: none came), when the dispatcher
 * left it for later: 0, or 403 with the refusal.
 */
int
http_csrf_body(struct req *r, const char *tok)
{
	if (!r->csrf_later)
		return 0;
	if (!csrf_check(r->csrf_seed, r->authed ? r->who.user_id : 0, tok))
		return http_error(r, 403, "csrf",
		    "the form is stale or forged; reload the page");
	r->csrf_later = 0;
	return 0;
}

/* Renew a browser's session from its refresh cookie. 1 done, 0 not. */
static int
renew(struct req *r, struct db *db)
{
	const char	*rt = http_cookie(r, HTTP_COOKIE_REFRESH);
	char		 fresh[REFRESH_LEN + 1], *access;
	int		 rc;

	if (rt == NULL || db == NULL)
		return 0;
	if ((rc = session_rotate(db, rt, &r->who, fresh)) != 0) {
		if (rc == 1)
			http_clear_session_cookies(r);
		return 0;
	}
	if ((access = token_issue(&r->who, util_now_unix())) == NULL)
		return 0;
	token_verify(access, util_now_unix(), &r->who);
	http_set_session_cookies(r, access, fresh);
	free(access);
	return 1;
}

static int
unsafe(enum http_method m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH ||
	    m == HTTP_DELETE;
}

static int
bearer(struct req *r, const char *h)
{
	if (strncmp(h, "Bearer ", 7) != 0)
		return -1;
	return token_verify(h + 7, util_now_unix(), &r->who);
}

/* The API key of the request, from either header, or NULL. */
static const char *
key_of(const struct req *r)
{
	const char	*h = http_env(r, "HTTP_AUTHORIZATION");

	if (h != NULL && strncmp(h, "Bearer " APIKEY_TAG, 11) == 0)
		return h + 7;
	h = http_env(r, "HTTP_X_API_KEY");
	return h != NULL && *h != '\0' ? h : NULL;
}

/*
 * Sign in by API key, under /api only: 0 to go on (signed in, or not
 * where nobody need be), else the status to answer with.
 */
static int
key_authenticate(struct req *r, const char *key, int needed)
{
	struct db	*db;
	int		 rc;

	if (!r->is_api)
		return needed ? http_error(r, 401, "unauthorized",
		    "API keys work on /api/v1 only") : 0;
	if ((db = http_db(r)) == NULL)
		return http_error(r, 503, "unavailable",
		    "the database is unavailable; try again");
	if ((rc = apikey_resolve(db, key, &r->who, &r->user, &r->caps)) == -1)
		return 503;
	if (rc == 0)
		r->authed = r->key_auth = 1;
	else if (needed)
		return http_error(r, 401, "unauthorized",
		    "missing or invalid credentials");
	return 0;
}

/*
 * May the key call this route?  A route names the capabilities that open
 * it; a GET that names none is open to "read"; anything else is closed to
 * keys (managing keys, passwords, closing months, reversing entries).
 */
static int
key_allowed(struct req *r)
{
	unsigned	 need = r->route->caps;

	if (need == 0 && (r->method == HTTP_GET || r->method == HTTP_HEAD))
		need = CAP_READ;
	if (need == 0)
		return http_error(r, 403, "forbidden",
		    "an API key cannot do this; a person must");
	if ((r->caps & need) == 0)
		return http_error(r, 403, "forbidden",
		    "this API key lacks the capability %s",
		    apikey_cap_name(need & -need));
	return 0;
}

/*
 * Runs after routing: 0 to go on, else the status to answer with.
 */
int
http_authenticate(struct req *r)
{
	const char	*h = http_env(r, "HTTP_AUTHORIZATION");
	const char	*c = http_cookie(r, HTTP_COOKIE_ACCESS);
	const char	*seed = http_cookie(r, CSRF_COOKIE);
	const char	*tok;
	struct db	*db;
	int		 needed = r->route->roles != 0, ok, st;
	enum lang	 l;

	if (seed != NULL && strlen(seed) == 32)
		snprintf(r->csrf_seed, sizeof(r->csrf_seed), "%s", seed);
	if ((tok = key_of(r)) != NULL) {
		if ((st = key_authenticate(r, tok, needed)) != 0)
			return st;
	} else if (h != NULL && *h != '\0') {
		if (bearer(r, h) == 0)
			r->authed = 1;
		else if (needed)
			return http_error(r, 401, "unauthorized",
			    "missing or invalid credentials");
	} else if (c != NULL && token_verify(c, util_now_unix(),
	    &r->who) == 0) {
		r->authed = r->cookie_auth = 1;
	} else if (!r->is_api && http_cookie(r, HTTP_COOKIE_REFRESH) != NULL) {
		/* pages only: the API's clients refresh explicitly */
		if ((db = http_db(r)) == NULL)
			return http_error(r, 503, "unavailable",
			    "the database is unavailable; try again");
		r->authed = r->cookie_auth = renew(r, db);
	}

	if (r->authed && !r->key_auth) {
		if ((db = http_db(r)) == NULL)
			return http_error(r, 503, "unavailable",
			    "the database is unavailable; try again");
		if ((ok = session_check_user(db, &r->who, &r->user)) == -1)
			return 503;
		/* a machine's user signs in only by API key */
		if (r->who.roles & ROLE_ERP)
			ok = 0;
		if (ok == 0) {
			r->authed = 0;
			memset(&r->who, 0, sizeof(r->who));
			if (r->cookie_auth)
				http_clear_session_cookies(r);
			if (needed)
				return http_error(r, 401, "unauthorized",
				    "missing or invalid credentials");
		}
	}

	/* A signed-in user's language setting, unless switched by cookie. */
	if (r->authed && http_cookie(r, "lang") == NULL &&
	    views_lang_parse(r->user.lang, &l) == 0)
		r->lang = views_lang_code(l);

	/* Forms always, and the API when a cookie carried the credentials. */
	if (unsafe(r->method) && (!r->is_api || r->cookie_auth)) {
		tok = r->is_api ? http_env(r, CSRF_HEADER) :
		    http_formval(r, CSRF_FIELD);
		if (tok == NULL)
			tok = http_env(r, CSRF_HEADER);
		/* a streamed form's token comes in its body: checked there */
		if (tok == NULL && (r->route->flags & ROUTE_STREAM))
			r->csrf_later = 1;
		else if (!csrf_check(r->csrf_seed, r->authed ? r->who.user_id : 0,
		    tok))
			return http_error(r, 403, "csrf",
			    "the form is stale or forged; reload the page");
	}

	if (!needed)
		return 0;
	if (!r->authed) {
		if (!r->is_api && r->method == HTTP_GET)
			return login_redirect(r);
		return http_error(r, 401, "unauthorized",
		    "missing or invalid credentials");
	}
	/*
	 * A provider's agent outside the provider's own routes meets the
	 * sales network's objects, all out of its scope: 404, as for any
	 * object out of scope, not a 403 that would tell them apart.
	 */
	if ((r->who.roles & r->route->roles) == 0 && r->who.kind == ORG_PROVIDER)
		return http_error(r, 404, "not_found", "no such resource");
	if ((r->who.roles & r->route->roles) == 0)
		return http_error(r, 403, "forbidden",
		    "your roles do not allow this");
	return r->key_auth ? key_allowed(r) : 0;
}
