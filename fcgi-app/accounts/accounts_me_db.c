/*
 * accounts_me_db.c: the caller's own account: what /api/v1/me shows, its
 * settings, its password's hash
 */
#include <stdio.h>
#include <string.h>

#include "../core/fault.h"
#include "../db/db.h"
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
	return ok ? 200 : 500;
}

/* The user's password hash into hash (size bytes): 0, or -1. */
int
accounts_me_hash(struct db *db, int64_t user, char *hash, size_t size)
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
int
accounts_me_set_hash(struct db *db, int64_t user, const char *hash)
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
