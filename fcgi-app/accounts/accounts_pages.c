/* accounts_pages.c: the browser's sign-in, sign-out and account pages */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "accounts.h"

/* Only a local path may be the place to go back to. */
static const char *
local_next(const char *next)
{
	return http_local_path(next) != NULL ? next : "/";
}

static int
login_form(struct req *r, int status, const char *error, const char *login)
{
	cJSON	*ctx = cJSON_CreateObject();

	cJSON_AddStringToObject(ctx, "next", local_next(http_query(r, "next") ?
	    http_query(r, "next") : http_formval(r, "next")));
	if (login != NULL)
		cJSON_AddStringToObject(ctx, "login", login);
	if (error != NULL)
		cJSON_AddStringToObject(ctx, "error", http_i18n(r, error));
	cJSON_AddStringToObject(ctx, "title", http_i18n(r,
	    "accounts_login_title"));
	return http_page(r, status, "login", ctx);
}

int
accounts_login_page_get(struct req *r)
{
	if (r->authed)
		return http_redirect(r, 303, local_next(http_query(r, "next")));
	return login_form(r, 200, NULL, NULL);
}

int
accounts_login_page_post(struct req *r)
{
	const char		*login = http_formval(r, "login");
	const char		*pw = http_formval(r, "password");
	enum login_result	 res;
	struct login		 l;
	struct db		*db;
	int			 st;

	if (login == NULL || pw == NULL || *login == '\0' || *pw == '\0' ||
	    strlen(login) > LOGIN_MAX || strlen(pw) > PASSWORD_MAX)
		return login_form(r, 422, "accounts_login_missing", login);
	if ((db = http_db(r)) == NULL)
		return 503;
	res = accounts_login(db, login, pw, accounts_client_addr(r),
	    http_env(r, "HTTP_USER_AGENT"), &l);
	if (res == LOGIN_OK) {
		http_set_session_cookies(r, l.access, l.refresh);
		free(l.access);
		return http_redirect(r, 303, local_next(http_formval(r,
		    "next")));
	}
	st = accounts_login_refused(r, res, l.retry_after);
	if (st == 503)
		return st;
	r->err.code = NULL;	/* answer with the form, not an error page */
	return login_form(r, st, st == 429 ? "accounts_login_locked" : st == 403
	    ?
	    "accounts_login_machine" : "accounts_login_failed", login);
}

int
accounts_logout_page_post(struct req *r)
{
	const char	*t = http_cookie(r, HTTP_COOKIE_REFRESH);
	struct db	*db;

	if (t != NULL && ((db = http_db(r)) == NULL ||
	    session_revoke(db, t) == -1))
		return 503;
	http_clear_session_cookies(r);
	return http_redirect(r, 303, "/");
}

static int
account_page(struct req *r, int status, const char *msg, const char *err)
{
	cJSON		*ctx = cJSON_CreateObject();
	struct db	*db;

	if (msg != NULL)
		cJSON_AddStringToObject(ctx, "notice", http_i18n(r, msg));
	if (err != NULL)
		cJSON_AddStringToObject(ctx, "error", http_i18n(r, err));
	cJSON_AddBoolToObject(ctx, strcmp(r->user.lang, "en") == 0 ?
	    "user_en" : "user_zh", 1);
	if ((db = http_db(r)) == NULL ||
	    accounts_sessions_read(db, &r->who, ctx, "sessions", 1) == -1) {
		cJSON_Delete(ctx);
		return 503;
	}
	cJSON_AddStringToObject(ctx, "title", http_i18n(r,
	    "accounts_account_title"));
	return http_page(r, status, "account", ctx);
}

int
accounts_account_page_get(struct req *r)
{
	const char	*saved = http_query(r, "saved");

	if (saved != NULL && strcmp(saved, "lang") == 0)
		return account_page(r, 200, "accounts_saved_lang", NULL);
	if (saved != NULL && strcmp(saved, "password") == 0)
		return account_page(r, 200, "accounts_saved_password", NULL);
	if (saved != NULL && strcmp(saved, "session") == 0)
		return account_page(r, 200, "accounts_session_ended", NULL);
	return account_page(r, 200, NULL, NULL);
}

/*
 * End one session, or all: ending the browser's own leaves it signed
 * out, so it goes to the sign-in page.
 */
static int
sessions_post(struct req *r, const char *action)
{
	struct db	*db;
	int64_t		 sid;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if (strcmp(action, "end_all") == 0) {
		if (accounts_sessions_end_all(db, &r->who) != 204)
			return 503;
		http_clear_session_cookies(r);
		return http_redirect(r, 303, "/login");
	}
	if (util_parse_int(http_formval(r, "session"), 1, INT64_MAX,
	    &sid) == -1)
		sid = 0;
	if ((st = accounts_sessions_end(db, &r->who, sid, &r->err)) != 204)
		return st;
	if (sid != r->who.session_id)
		return http_redirect(r, 303, "/account?saved=session");
	http_clear_session_cookies(r);
	return http_redirect(r, 303, "/login");
}

/* One form per action: "lang", "password", "end_session", "end_all". */
int
accounts_account_page_post(struct req *r)
{
	const char	*action = http_formval(r, "action");
	const char	*lang = http_formval(r, "lang");
	const char	*cur = http_formval(r, "current_password");
	const char	*pw = http_formval(r, "new_password");
	const char	*pw2 = http_formval(r, "new_password2");
	struct login	 l;
	struct db	*db;
	int		 st;

	if (action != NULL && strcmp(action, "lang") == 0) {
		if (lang == NULL || (strcmp(lang, "zh-CN") &&
		    strcmp(lang, "en")))
			return account_page(r, 422, NULL,
			    "accounts_lang_invalid");
		if ((db = http_db(r)) == NULL)
			return 503;
		if ((st = accounts_me_set(db, &r->who, lang, NULL,
		    &r->err)) != 200)
			return st;
		http_set_cookie(r, "lang", lang, 365 * 24 * 3600);
		return http_redirect(r, 303, "/account?saved=lang");
	}
	if (action != NULL && (strcmp(action, "end_session") == 0 ||
	    strcmp(action, "end_all") == 0))
		return sessions_post(r, action);
	if (action == NULL || strcmp(action, "password") != 0)
		return http_error(r, 400, "bad_request", "unknown action");
	if (cur == NULL || pw == NULL || pw2 == NULL || !password_acceptable(pw))
		return account_page(r, 422, NULL, "accounts_password_short");
	if (strcmp(pw, pw2) != 0)
		return account_page(r, 422, NULL, "accounts_password_mismatch");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = accounts_me_password(db, &r->who, r->user.login, cur, pw,
	    accounts_client_addr(r), http_env(r, "HTTP_USER_AGENT"), &l,
	    &r->err)) != 200) {
		accounts_retry_after(r, l.retry_after);
		if (st != 422 && st != 429)
			return st;
		r->err.code = NULL;
		cJSON_Delete(r->err.fields);
		r->err.fields = NULL;
		return account_page(r, st, NULL, st == 429 ? "accounts_login_locked" :
		    "accounts_password_wrong");
	}
	http_set_session_cookies(r, l.access, l.refresh);
	free(l.access);
	return http_redirect(r, 303, "/account?saved=password");
}
