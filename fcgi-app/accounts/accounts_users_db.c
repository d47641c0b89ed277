/*
 * accounts_users_db.c: SQL of user administration
 *
 * An admin reaches every user; a dealer's admin only the users of its own
 * dealer (a chain's admin: its chain and branches).  Every statement
 * carries that limit (org_limit, 0 = all), so a
 * user outside it reads as not found.
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../db/db_changes.h"
#include "accounts_users.h"

#define USER_COLS \
	"u.id, u.login, u.display_name, u.org_id, o.code, o.kind, " \
	"u.roles + 0, u.disabled, u.lang, u.version"

/*
 * A user's organisation within the limit (three binds of it, see
 * bind_limit): all for 0; else the limit's own organisation, or a branch
 * of it when it is a chain (no dealer's id is any branch's chain_id).
 */
#define WITHIN(col) "(? = 0 OR " col " = ? OR " col " IN (SELECT c.id " \
	"FROM orgs c WHERE c.chain_id = ?))"

static const char sql_get[] =
	"SELECT " USER_COLS " FROM users u JOIN orgs o ON o.id = u.org_id "
	"WHERE u.id = ? AND " WITHIN("u.org_id");
/* the limit, then an optional org filter, then the cursor */
static const char sql_list[] =
	"SELECT " USER_COLS " FROM users u JOIN orgs o ON o.id = u.org_id "
	"WHERE " WITHIN("u.org_id") " AND (? = 0 OR u.org_id = ?) "
	"AND u.id > ? ORDER BY u.id LIMIT ?";
static const char sql_org_kind[] =
	"SELECT o.kind FROM orgs o WHERE o.id = ? AND o.active = 1 AND "
	WITHIN("o.id");
static const char sql_insert[] =
	"INSERT INTO users (login, display_name, org_id, password_hash, roles) "
	"VALUES (?, ?, ?, ?, ?)";
static const char sql_lock[] =
	"SELECT u.version, u.roles + 0, u.disabled FROM users u "
	"WHERE u.id = ? AND " WITHIN("u.org_id") " FOR UPDATE";
/* a change of roles or a disable ends the user's tokens */
static const char sql_update[] =
	"UPDATE users SET display_name = COALESCE(?, display_name), "
	"token_version = token_version + IF(? <> roles + 0 OR ? <> disabled, "
	"1, 0), roles = ?, disabled = ?, version = version + 1 "
	"WHERE id = ? AND version = ?";
static const char sql_password[] =
	"UPDATE users SET password_hash = ?, token_version = token_version + 1, "
	"failed_logins = 0, locked_until = NULL, version = version + 1 "
	"WHERE id = ? AND " WITHIN("org_id");
static const char sql_org_by_code[] =
	"SELECT id, kind FROM orgs WHERE code = ?";
static const char sql_id_by_login[] =
	"SELECT id FROM users WHERE login = ?";
/* the command line's: ends the user's tokens */
static const char sql_disable[] =
	"UPDATE users SET disabled = 1, token_version = token_version + 1, "
	"version = version + 1 WHERE id = ?";

/* The limit's three binds of WITHIN() from index i: 0 or -1. */
static int
bind_limit(struct db_stmt *s, int i, int64_t limit)
{
	return db_bind_int(s, i, limit) == -1 ||
	    db_bind_int(s, i + 1, limit) == -1 ||
	    db_bind_int(s, i + 2, limit) == -1 ? -1 : 0;
}

/*
 * The org a caller's user administration is limited to (0 = all): a
 * dealer's admin its dealer, a chain's admin its chain and its branches.
 */
int
accounts_users_org_limit(const struct principal *p, int64_t *limit)
{
	if (p->roles & ROLE_ADMIN) {
		*limit = 0;
		return 0;
	}
	if (((p->roles & ROLE_DEALER_ADMIN) && p->kind == ORG_DEALER) ||
	    ((p->roles & ROLE_CHAIN_ADMIN) && p->kind == ORG_CHAIN)) {
		*limit = p->org_id;
		return 0;
	}
	return -1;
}

static void
read_row(struct db_stmt *s, struct user_row *u)
{
	memset(u, 0, sizeof(*u));
	u->id = db_col_int(s, 0);
	snprintf(u->login, sizeof(u->login), "%s", db_col_text(s, 1, NULL));
	snprintf(u->name, sizeof(u->name), "%s", db_col_text(s, 2, NULL));
	u->org_id = db_col_int(s, 3);
	snprintf(u->org_code, sizeof(u->org_code), "%s",
	    db_col_text(s, 4, NULL));
	org_kind_parse(db_col_text(s, 5, NULL), &u->org_kind);
	u->roles = (unsigned)db_col_int(s, 6);
	u->disabled = db_col_int(s, 7) != 0;
	snprintf(u->lang, sizeof(u->lang), "%s", db_col_text(s, 8, NULL));
	u->version = db_col_int(s, 9);
}

/* 0 found, 1 not (or out of reach), -1 error. */
int
accounts_users_get(struct db *db, int64_t id, int64_t limit, struct user_row *u)
{
	struct db_stmt	*s;
	int		 rc = -1, r;

	if ((s = db_prepare(db, sql_get)) == NULL ||
	    db_bind_int(s, 0, id) == -1 || bind_limit(s, 1, limit) == -1 ||
	    (r = db_step(s)) == DB_ERROR)
		goto out;
	rc = 1;
	if (r == DB_ROW) {
		read_row(s, u);
		rc = 0;
	}
out:
	db_stmt_release(s);
	return rc;
}

/* Up to max users after the cursor; *n gets how many.  0 or -1. */
int
accounts_users_list(struct db *db, int64_t limit, int64_t org, int64_t after,
    int max,
    struct user_row *out, int *n)
{
	struct db_stmt	*s;
	int		 rc = -1, r;

	*n = 0;
	if ((s = db_prepare(db, sql_list)) == NULL ||
	    bind_limit(s, 0, limit) == -1 ||
	    db_bind_int(s, 3, org) == -1 || db_bind_int(s, 4, org) == -1 ||
	    db_bind_int(s, 5, after) == -1 || db_bind_int(s, 6, max) == -1)
		goto out;
	while ((r = db_step(s)) == DB_ROW && *n < max)
		read_row(s, &out[(*n)++]);
	if (r != DB_ERROR)
		rc = 0;
out:
	db_stmt_release(s);
	return rc;
}

/*
 * The kind of an active organisation within limit: 0, 1 if none (or out
 * of reach), -1 error.
 */
int
accounts_users_org_kind(struct db *db, int64_t org, int64_t limit,
    enum org_kind *kind)
{
	struct db_stmt	*s;
	int		 rc = -1, r;

	if ((s = db_prepare(db, sql_org_kind)) == NULL ||
	    db_bind_int(s, 0, org) == -1 || bind_limit(s, 1, limit) == -1 ||
	    (r = db_step(s)) == DB_ERROR)
		goto out;
	rc = r == DB_ROW && org_kind_parse(db_col_text(s, 0, NULL),
	    kind) == 0 ? 0 : 1;
out:
	db_stmt_release(s);
	return rc;
}

/*
 * The organisation with this code (active or not): 0, *id and *kind; 1
 * if there is none; -1 on error.
 */
int
accounts_users_org_of_code(struct db *db, const char *code, int64_t *id,
    enum org_kind *kind)
{
	struct db_stmt	*s;
	int		 rc = -1, r;

	if ((s = db_prepare(db, sql_org_by_code)) == NULL ||
	    db_bind_text(s, 0, code) == -1 || (r = db_step(s)) == DB_ERROR)
		goto out;
	rc = 1;
	if (r == DB_ROW && org_kind_parse(db_col_text(s, 1, NULL), kind) == 0) {
		*id = db_col_int(s, 0);
		rc = 0;
	}
out:
	db_stmt_release(s);
	return rc;
}

/* The id of the organisation with this code, 0 if none, -1 error. */
int64_t
accounts_users_org_by_code(struct db *db, const char *code)
{
	enum org_kind	 kind;
	int64_t		 id = 0;

	switch (accounts_users_org_of_code(db, code, &id, &kind)) {
	case 0:
		return id;
	case 1:
		return 0;
	default:
		return -1;
	}
}

/* The id of the user with this login, 0 if none, -1 error. */
int64_t
accounts_users_id_by_login(struct db *db, const char *login)
{
	struct db_stmt	*s;
	int64_t		 id = -1;
	int		 r;

	if ((s = db_prepare(db, sql_id_by_login)) != NULL &&
	    db_bind_text(s, 0, login) == 0 && (r = db_step(s)) != DB_ERROR)
		id = r == DB_ROW ? db_col_int(s, 0) : 0;
	db_stmt_release(s);
	return id;
}

/* Disable a user, inside the caller's transaction: 0, or -1. */
int
accounts_users_disable(struct db *db, int64_t id)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_disable)) != NULL &&
	    db_bind_int(s, 0, id) == 0 && db_exec(s) == 0)
		rc = 0;
	db_stmt_release(s);
	return rc;
}

/* 0 and *id, 1 if the login is taken, -1 error. */
int
accounts_users_insert(struct db *db, const char *login, const char *name,
    int64_t org,
    const char *hash, unsigned roles, int64_t *id)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_insert)) == NULL ||
	    db_bind_text(s, 0, login) == -1 || db_bind_text(s, 1, name) == -1 ||
	    db_bind_int(s, 2, org) == -1 || db_bind_text(s, 3, hash) == -1 ||
	    db_bind_int(s, 4, roles) == -1)
		goto out;
	if (db_exec(s) == -1) {
		rc = db_is_duplicate(db) ? 1 : -1;
		goto out;
	}
	*id = (int64_t)db_insert_id(s);
	rc = 0;
out:
	db_stmt_release(s);
	return rc;
}

/*
 * Apply c inside the caller's transaction, conditional on the version.
 * 0 done (*ended: the user's tokens ended), 1 not found, 2 version
 * conflict, -1 error.
 */
int
accounts_users_update(struct db *db, int64_t id, int64_t limit,
    const struct user_change *c, int *ended)
{
	struct db_stmt	*s;
	int64_t		 version, roles, disabled;
	int		 r;

	*ended = 0;
	if ((s = db_prepare(db, sql_lock)) == NULL ||
	    db_bind_int(s, 0, id) == -1 || bind_limit(s, 1, limit) == -1 ||
	    (r = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (r == DB_DONE) {
		db_stmt_release(s);
		return 1;
	}
	version = db_col_int(s, 0);
	roles = c->roles >= 0 ? c->roles : db_col_int(s, 1);
	disabled = c->disabled >= 0 ? c->disabled : db_col_int(s, 2);
	*ended = roles != db_col_int(s, 1) || disabled != db_col_int(s, 2);
	db_stmt_release(s);
	if (c->version >= 0 && c->version != version)
		return 2;
	r = -1;
	if ((s = db_prepare(db, sql_update)) != NULL &&
	    db_bind_text(s, 0, c->name) == 0 && db_bind_int(s, 1, roles) == 0 &&
	    db_bind_int(s, 2, disabled) == 0 && db_bind_int(s, 3, roles) == 0 &&
	    db_bind_int(s, 4, disabled) == 0 && db_bind_int(s, 5, id) == 0 &&
	    db_bind_int(s, 6, version) == 0 && db_exec(s) == 0)
		r = db_affected(s) == 1 ? 0 : 2;
	db_stmt_release(s);
	if (r == 0)	/* its name, roles, or whether it may sign in */
		changes_local("user", id);
	return r;
}

/* 0, 1 if not found, -1 error. */
int
accounts_users_set_password(struct db *db, int64_t id, int64_t limit, const char
    *hash)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_password)) != NULL &&
	    db_bind_text(s, 0, hash) == 0 && db_bind_int(s, 1, id) == 0 &&
	    bind_limit(s, 2, limit) == 0 && db_exec(s) == 0)
		rc = db_affected(s) == 1 ? 0 : 1;
	db_stmt_release(s);
	return rc;
}

cJSON *
accounts_users_json(const struct user_row *u)
{
	const char	*names[ROLE__COUNT];
	cJSON		*j, *o, *roles;
	int		 i, n;

	if ((j = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddNumberToObject(j, "id", (double)u->id);
	cJSON_AddStringToObject(j, "login", u->login);
	cJSON_AddStringToObject(j, "display_name", u->name);
	o = cJSON_AddObjectToObject(j, "org");
	cJSON_AddNumberToObject(o, "id", (double)u->org_id);
	cJSON_AddStringToObject(o, "code", u->org_code);
	cJSON_AddStringToObject(o, "kind", org_kind_name(u->org_kind));
	roles = cJSON_AddArrayToObject(j, "roles");
	n = roles_to_names(u->roles, names, ROLE__COUNT);
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(roles, cJSON_CreateString(names[i]));
	cJSON_AddBoolToObject(j, "disabled", u->disabled);
	cJSON_AddStringToObject(j, "lang", u->lang);
	cJSON_AddNumberToObject(j, "version", (double)u->version);
	return j;
}
