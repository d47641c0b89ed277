/*
 * recovery_http.c: POST /api/v1/auth/password-reset {email} and
 * POST /api/v1/auth/password-reset/confirm {token, password}; no sign-in
 * (nginx limits both per address, as it does sign-in).
 */
#include <string.h>

#include "../http/http.h"
#include "recovery.h"

/* The caller's address, as the hourly limit counts it. */
static const char *
addr_of(const struct req *r)
{
	const char	*a = r->remote_addr;

	return a != NULL && *a != '\0' && strlen(a) < 64 ? a : "unknown";
}

/* An address-like string: 3 to 254 printable characters with an "@". */
static int
email_ok(const char *e)
{
	size_t	 i, n = e != NULL ? strlen(e) : 0;

	if (n < 3 || n > RECOVERY_EMAIL_MAX || strchr(e, '@') == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)e[i] <= ' ' || e[i] == 0x7f)
			return 0;
	return 1;
}

/*
 * Ask for a link: 202 and the same words whether or not the address is
 * known, whether or not a link went out (the hourly limits).
 */
int
recovery_ask(struct req *r, const char *email)
{
	struct db	*db;

	if (!email_ok(email)) {
		http_field_error(r, "email", "an e-mail address");
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	if ((db = http_db(r)) == NULL)
		return 503;
	return recovery_request(db, email, addr_of(r)) == -1 ? 500 : 202;
}

int
recovery_request_post(struct req *r)
{
	const char	*email = NULL;
	cJSON		*j;
	int		 st;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	json_get_string(r->json, "email", RECOVERY_EMAIL_MAX, &email);
	if ((st = recovery_ask(r, email)) != 202)
		return st;
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "status", "accepted");
	cJSON_AddStringToObject(j, "message", "if the address belongs to an "
	    "account, a link to set a new password is on its way");
	return http_json(r, 202, j);
}

int
recovery_confirm_post(struct req *r)
{
	const char	*token = NULL, *pw = NULL;
	struct db	*db;
	cJSON		*j;
	int		 st;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	json_get_string(r->json, "token", 64, &token);
	json_get_string(r->json, "password", 256, &pw);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = recovery_confirm(db, token, pw, &r->err)) != 200) {
		if (st == 503)
			http_header(r, "Retry-After", "1");
		return http_refused(r, st);
	}
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "status", "password_set");
	return http_json(r, 200, j);
}
