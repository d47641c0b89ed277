/*
 * providers_agents_db.c: SQL of a provider's agents, its users of role
 * provider_agent
 *
 * They are users like any other (they sign in, keep their own account
 * and notifications); what is the provider's is that they join it and
 * hold that one role, so the network's administrators (who do not manage
 * the sales network's users) make them here.
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../db/db_changes.h"
#include "../http/http.h"
#include "providers.h"

#define AGENT_COLS \
	"SELECT u.id, u.login, u.display_name, COALESCE(u.email, ''), " \
	"COALESCE(u.mobile, ''), u.disabled, u.version FROM users u "

static const char sql_list[] =
	AGENT_COLS "WHERE u.org_id = ? AND u.id > ? ORDER BY u.id LIMIT ?";
static const char sql_one[] =
	AGENT_COLS "WHERE u.org_id = ? AND u.id = ?";
static const char sql_insert[] =
	"INSERT INTO users (login, display_name, org_id, password_hash, "
	"roles, email, mobile) VALUES (?, ?, ?, ?, 'provider_agent', "
	"NULLIF(?, ''), NULLIF(?, ''))";
/* a disable (or enable) ends the agent's tokens, as accounts' does */
static const char sql_update[] =
	"UPDATE users SET display_name = COALESCE(?, display_name), "
	"token_version = token_version + IF(COALESCE(?, disabled) <> disabled, "
	"1, 0), disabled = COALESCE(?, disabled), version = version + 1 "
	"WHERE id = ? AND org_id = ? AND version = ? AND "
	"FIND_IN_SET('provider_agent', roles) > 0";
static const char sql_login_taken[] =
	"SELECT COUNT(*) FROM users WHERE login = ?";

static cJSON *
agent_json(struct db_stmt *s, void *ctx)
{
	cJSON	*j = cJSON_CreateObject();

	(void)ctx;
	cJSON_AddNumberToObject(j, "id", (double)db_col_int(s, 0));
	cJSON_AddStringToObject(j, "login", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(j, "display_name", db_col_text(s, 2, NULL));
	cJSON_AddStringToObject(j, "email", db_col_text(s, 3, NULL));
	cJSON_AddStringToObject(j, "mobile", db_col_text(s, 4, NULL));
	cJSON_AddBoolToObject(j, "disabled", db_col_int(s, 5) != 0);
	cJSON_AddNumberToObject(j, "version", (double)db_col_int(s, 6));
	return j;
}

/* A page of the provider's agents: {"items", "next_cursor"}; 0 or -1. */
int
providers_agents_list(struct db *db, int64_t provider, int64_t after,
    int limit, cJSON **out)
{
	struct db_stmt	*s;

	*out = NULL;
	if ((s = db_preparef(db, sql_list, "iii", provider, after,
	    (int64_t)limit + 1)) == NULL)
		return -1;
	*out = cJSON_CreateObject();
	if (http_keyset_items(s, limit, *out, agent_json, NULL,
	    http_cursor_id) == -1) {
		cJSON_Delete(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* One agent of the provider: 200 and *out, 404, 500. */
int
providers_agents_read(struct db *db, int64_t provider, int64_t id,
    cJSON **out)
{
	struct db_stmt	*s;
	int		 rc;

	*out = NULL;
	if ((s = db_preparef(db, sql_one, "ii", provider, id)) == NULL)
		return 500;
	if ((rc = db_step(s)) == DB_ROW)
		*out = agent_json(s, NULL);
	db_stmt_release(s);
	return rc == DB_ERROR ? 500 : *out != NULL ? 200 : 404;
}

/*
 * A new agent of the provider with the password's hash: 0 and *id; 1 the
 * login is taken, 2 the e-mail address is, -1.
 */
int
providers_agents_insert(struct db *db, int64_t provider,
    const struct providers_agent_new *a, const char *hash, int64_t *id)
{
	struct db_stmt	*s;
	uint64_t	 n;
	int		 rc;

	if (db_execv(db, sql_insert, &n, "ssisss", a->login, a->name,
	    provider, hash, a->email != NULL ? a->email : "",
	    a->mobile != NULL ? a->mobile : "") == 1) {
		*id = (int64_t)n;
		return 0;
	}
	if (!db_is_duplicate(db))
		return -1;
	/* which of the two unique keys: the login's, or else the e-mail's */
	if ((s = db_preparef(db, sql_login_taken, "s", a->login)) == NULL)
		return -1;
	rc = db_step(s) == DB_ROW ? (db_col_int(s, 0) > 0 ? 1 : 2) : -1;
	db_stmt_release(s);
	return rc;
}

/*
 * Change agent id of provider at version (name NULL, disabled -1: as it
 * is): 0; 1 if no such agent at that version; -1.
 */
int
providers_agents_update(struct db *db, int64_t provider, int64_t id,
    const char *name, int disabled, int64_t version)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_update)) != NULL &&
	    db_bind_text(s, 0, name) == 0 &&
	    (disabled >= 0 ? db_bind_int(s, 1, disabled) :
	    db_bind_null(s, 1)) == 0 &&
	    (disabled >= 0 ? db_bind_int(s, 2, disabled) :
	    db_bind_null(s, 2)) == 0 &&
	    db_bind_int(s, 3, id) == 0 && db_bind_int(s, 4, provider) == 0 &&
	    db_bind_int(s, 5, version) == 0 && db_exec(s) == 0)
		rc = db_affected(s) == 1 ? 0 : 1;
	db_stmt_release(s);
	if (rc == 0)
		changes_local("user", id);
	return rc;
}
