/*
 * recovery_pages.c: /forgot (ask for a link) and /reset?token= (set the
 * new password), for people who cannot sign in
 */
#include <string.h>

#include "../http/http.h"
#include "recovery.h"

static int
forgot_page(struct req *r, int status, const char *notice)
{
	cJSON	*ctx = cJSON_CreateObject();

	return http_form_page(r, status, "forgot", ctx, notice,
	    http_i18n(r, "recovery_forgot_title"));
}

/* GET /forgot */
int
recovery_forgot_page_get(struct req *r)
{
	return forgot_page(r, 200, http_query(r, "sent") != NULL ?
	    "recovery_sent" : NULL);
}

/* POST /forgot: the same answer for a known address and an unknown one */
int
recovery_forgot_page_post(struct req *r)
{
	int	 st = recovery_ask(r, http_formval(r, "email"));

	if (st == 202)
		return http_redirect(r, 303, "/forgot?sent=1");
	return st == 422 ? forgot_page(r, 422, NULL) : st;
}

static int
reset_page(struct req *r, int status, const char *token, int good)
{
	cJSON	*ctx = cJSON_CreateObject();

	if (status == 200 && good == 2) {
		cJSON_AddBoolToObject(ctx, "done", 1);
		good = 0;
	}
	cJSON_AddStringToObject(ctx, "token", token != NULL &&
	    recovery_token_ok(token) ? token : "");
	cJSON_AddBoolToObject(ctx, "good", good);
	return http_form_page(r, status, "reset", ctx, NULL,
	    http_i18n(r, "recovery_reset_title"));
}

/* GET /reset?token=: the form, or why the link does not work (410) */
int
recovery_reset_page_get(struct req *r)
{
	const char	*t = http_query(r, "token");
	struct db	*db;
	int		 good;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((good = recovery_check(db, t)) == -1)
		return 500;
	return reset_page(r, good ? 200 : 410, t, good);
}

/* POST /reset: token, password, password2 */
int
recovery_reset_page_post(struct req *r)
{
	const char	*t = http_formval(r, "token"), *pw, *pw2;
	struct db	*db;
	int		 st;

	pw = http_formval(r, "password");
	pw2 = http_formval(r, "password2");
	if (pw == NULL || pw2 == NULL || strcmp(pw, pw2) != 0) {
		http_field_error(r, "password2", http_i18n(r,
		    "recovery_mismatch"));
		return reset_page(r, 422, t, 1);
	}
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = recovery_confirm(db, t, pw, &r->err)) == 200)
		return reset_page(r, 200, NULL, 2);
	if (st == 422)
		return reset_page(r, 422, t, recovery_check(db, t) == 1);
	return st;
}
