/*
 * accounts_me_db.c: the caller's own account: what /api/v1/me shows, its
 * settings, its password's hash
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../db/db_changes.h"
#include "../notify/notify.h"
#include "accounts.h"

static const char sql_me[] =
    "SELECT u.login, u.display_name, u.lang, o.code, o.name_zh, o.name_en "
    "FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = ?";
static const char sql_settings[] =
    "UPDATE users SET lang = COALESCE(?, lang), display_name = "
    "COALESCE(?, display_name), version = version + 1 WHERE id = ?";
static const char sql_hash[] =
    "SELECT password_hash FROM users WHERE id = ?";
static const char sql_set_password[] =
    "UPDATE users SET password_hash = ?, token_version = token_version + 1, "
    "version = version + 1 WHERE id = ?";

/* The user, the organisation, the roles, as /api/v1/me shows them: 0, -1. */
int
accounts_me_read(struct db *db, const struct principal *who, cJSON **out)
{
	const char	*names[ROLE__COUNT];
	struct db_stmt	*s;
	cJSON		*j, *u, *o, *roles;
	int		 n, i;

	*out = NULL;
	if ((s = db_prepare(db, sql_me)) == NULL ||
	    db_bind_int(s, 0, who->user_id) == -1 || db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return -1;
	}
	j = cJSON_CreateObject();
	u = cJSON_AddObjectToObject(j, "user");
	cJSON_AddNumberToObject(u, "id", (double)who->user_id);
	cJSON_AddStringToObject(u, "login", db_col_text(s, 0, NULL));
	cJSON_AddStringToObject(u, "display_name", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(u, "lang", db_col_text(s, 2, NULL));
	o = cJSON_AddObjectToObject(j, "org");
	cJSON_AddNumberToObject(o, "id", (double)who->org_id);
	cJSON_AddStringToObject(o, "kind", org_kind_name(who->kind));
	cJSON_AddStringToObject(o, "code", db_col_text(s, 3, NULL));
	cJSON_AddStringToObject(o, "name_zh", db_col_text(s, 4, NULL));
	cJSON_AddStringToObject(o, "name_en", db_col_text(s, 5, NULL));
	if (who->region_id > 0)
		cJSON_AddNumberToObject(o, "region_id",
		    (double)who->region_id);
	db_stmt_release(s);
	roles = cJSON_AddArrayToObject(j, "roles");
	n = roles_to_names(who->roles, names, ROLE__COUNT);
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(roles, cJSON_CreateString(names[i]));
	*out = j;
	return 0;
}

/*
 * One's own settings: lang ("zh-CN" or "en") and display name, each
 * NULL to keep.  200; 422, 500.  Field messages already in f (the JSON
 * door's) make it a 422 too.
 */
int
accounts_me_set(struct db *db, const struct principal *who, const char *lang,
    const char *name, struct fault *f)
{
	struct db_stmt	*s;
	int		 ok;

	if (lang != NULL && strcmp(lang, "zh-CN") && strcmp(lang, "en"))
		fault_field(f, "lang", "zh-CN or en");
	if (name != NULL && (name[0] == '\0' || strlen(name) > NAME_MAX_LEN))
		fault_field(f, "display_name", "1 to 100 characters");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	ok = (s = db_prepare(db, sql_settings)) != NULL &&
	    db_bind_text(s, 0, lang) == 0 && db_bind_text(s, 1, name) == 0 &&
	    db_bind_int(s, 2, who->user_id) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	if (ok)		/* the check keeps the language and the name */
		changes_local("user", who->user_id);
	return ok ? 200 : 500;
}

/* The user's password hash into hash (size bytes): 0, or -1. */
static int
me_hash(struct db *db, int64_t user, char *hash, size_t size)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_hash)) != NULL &&
	    db_bind_int(s, 0, user) == 0 && db_step(s) == DB_ROW) {
		snprintf(hash, size, "%s", db_col_text(s, 0, NULL));
		rc = 0;
	}
	db_stmt_release(s);
	return rc;
}

/* A new hash, which ends every access token of the user: 0, or -1. */
static int
me_set_hash(struct db *db, int64_t user, const char *hash)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_set_password)) != NULL &&
	    db_bind_text(s, 0, hash) == 0 && db_bind_int(s, 1, user) == 0 &&
	    db_exec(s) == 0 && db_affected(s) == 1)
		rc = 0;
	db_stmt_release(s);
	return rc;
}

/*
 * Change who's own password (login: its login name): the current one is
 * required, and each wrong guess counts against the account like a
 * failed sign-in (and locks it likewise: 429), so a stolen access token
 * cannot guess it.  Every token of the user ends (token version,
 * sessions); out gets a fresh pair for the client at addr with user
 * agent ua.  200; 422 (the current password wrong, the new one short),
 * 429 and 503 with out->retry_after, 403, 500.  Field messages already
 * in f make it a 422 too.
 */
int
accounts_me_password(struct db *db, const struct principal *who,
    const char *login, const char *cur, const char *pw, const char *addr,
    const char *ua, struct login *out, struct fault *f)
{
	char			 hash[256];
	int			 disabled;
	enum login_result	 res;

	memset(out, 0, sizeof(*out));
	if (cur == NULL)
		fault_field(f, "current_password", "required");
	if (pw == NULL || strlen(pw) > PASSWORD_MAX || !password_acceptable(pw))
		fault_field(f, "new_password", "10 to 256 characters");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (me_hash(db, who->user_id, hash, sizeof(hash)) == -1)
		return 500;
	res = accounts_password_attempt(db, login, hash, cur, addr,
	    &out->retry_after);
	if (res == LOGIN_BAD) {
		fault_field(f, "current_password", "wrong password");
		return fault_set(f, 422, "validation_failed",
		    "the current password is wrong");
	}
	if (res != LOGIN_OK)
		return accounts_login_fault(res, &out->retry_after, f);
	if (password_hash(pw, hash, sizeof(hash)) == -1) {
		out->retry_after = 1;
		return fault_set(f, 503, "unavailable",
		    "busy; try again in a moment");
	}
	if (db_begin(db) == -1)
		return 500;
	if (me_set_hash(db, who->user_id, hash) == -1 ||
	    session_revoke_user(db, who->user_id) == -1 ||
	    session_load_principal(db, who->user_id, &out->who,
	    &disabled) != 0 ||
	    session_start(db, who->user_id, ua, addr, out->refresh,
	    &out->who.session_id) == -1 ||
	    audit_write(db, who, "password_change", "user", who->user_id,
	    who->org_id, NULL) == -1 ||
	    notify_event_user(db, "password.changed", "user",
	    "", who->user_id, NULL) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return 500;
	}
	if ((out->access = token_issue(&out->who, util_now_unix())) == NULL)
		return 500;
	return 200;
}
