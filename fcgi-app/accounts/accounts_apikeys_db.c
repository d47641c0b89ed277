/*
 * accounts_apikeys_db.c: API keys: create (idempotent), read, list, revoke
 *
 * Each is the one operation both doors (the JSON API and the page, and
 * the command line for create) call.  limit is accounts_users_org_limit()'s: 0 for
 * HQ's admin (every key), else the dealer whose keys the caller manages;
 * a key or user beyond it reads as missing.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../audit/audit.h"
#include "../core/fault.h"
#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "accounts_apikeys.h"
#include "accounts_users.h"

#define COLS \
	"SELECT k.id, k.user_id, k.org_id, u.login, k.name, k.prefix, " \
	"k.capabilities + 0, DATE_FORMAT(k.created_at, '%Y-%m-%dT%H:%i:%sZ'), " \
	"COALESCE(DATE_FORMAT(k.last_used_at, '%Y-%m-%dT%H:%i:%sZ'), ''), " \
	"COALESCE(DATE_FORMAT(k.revoked_at, '%Y-%m-%dT%H:%i:%sZ'), '') " \
	"FROM api_keys k JOIN users u ON u.id = k.user_id "

static const char sql_one[] =
	COLS "WHERE k.id = ? AND (? = 0 OR k.org_id = ?)";
/* the org's index (org_id, id), or the primary key */
static const char sql_list[] =
	COLS "WHERE (? = 0 OR k.org_id = ?) AND k.id > ? ORDER BY k.id "
	"LIMIT ?";
static const char sql_idem[] =
	"SELECT id, request_hash FROM api_keys WHERE created_by <=> ? AND "
	"idem_key = ?";
static const char sql_user[] =
	"SELECT u.id, u.org_id, u.roles + 0, o.kind FROM users u JOIN orgs o "
	"ON o.id = u.org_id WHERE u.login = ? AND (? = 0 OR u.org_id = ?)";
static const char sql_insert[] =
	"INSERT INTO api_keys (user_id, org_id, name, prefix, key_hash, "
	"capabilities, created_by, idem_key, request_hash) "
	"VALUES (?, ?, ?, ?, UNHEX(?), ?, ?, ?, ?)";
/* once; a second revoke changes nothing */
static const char sql_revoke[] =
	"UPDATE api_keys SET revoked_at = NOW(6), revoked_by = ? WHERE id = ? "
	"AND (? = 0 OR org_id = ?) AND revoked_at IS NULL";

static void
copy_col(struct db_stmt *s, int col, char *out, size_t size)
{
	snprintf(out, size, "%s", db_col_text(s, col, NULL));
}

static void
read_row(struct db_stmt *s, struct apikey_row *k)
{
	memset(k, 0, sizeof(*k));
	k->id = db_col_int(s, 0);
	k->user_id = db_col_int(s, 1);
	k->org_id = db_col_int(s, 2);
	copy_col(s, 3, k->user_login, sizeof(k->user_login));
	copy_col(s, 4, k->name, sizeof(k->name));
	copy_col(s, 5, k->prefix, sizeof(k->prefix));
	k->caps = (unsigned)db_col_int(s, 6) & CAP__ALL;
	copy_col(s, 7, k->created_at, sizeof(k->created_at));
	copy_col(s, 8, k->last_used_at, sizeof(k->last_used_at));
	copy_col(s, 9, k->revoked_at, sizeof(k->revoked_at));
}

/* One key within limit: 0, 1 if there is none, -1 on error. */
int
accounts_apikeys_get(struct db *db, int64_t id, int64_t limit, struct apikey_row
    *k)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_one)) == NULL ||
	    db_bind_int(s, 0, id) == -1 || db_bind_int(s, 1, limit) == -1 ||
	    db_bind_int(s, 2, limit) == -1)
		goto out;
	switch (db_step(s)) {
	case DB_ROW:
		read_row(s, k);
		rc = 0;
		break;
	case DB_DONE:
		rc = 1;
		break;
	default:
		break;
	}
out:
	db_stmt_release(s);
	return rc;
}

/* Up to max keys within limit after the id after, oldest first. */
int
accounts_apikeys_list(struct db *db, int64_t limit, int64_t after, int max,
    struct apikey_row *rows, int *n)
{
	struct db_stmt	*s;
	enum db_step	 st = DB_DONE;
	int		 rc = -1;

	*n = 0;
	if ((s = db_prepare(db, sql_list)) == NULL ||
	    db_bind_int(s, 0, limit) == -1 || db_bind_int(s, 1, limit) == -1 ||
	    db_bind_int(s, 2, after) == -1 || db_bind_int(s, 3, max) == -1)
		goto out;
	while (*n < max && (st = db_step(s)) == DB_ROW)
		read_row(s, &rows[(*n)++]);
	if (*n < max && st == DB_ERROR)
		goto out;
	rc = 0;
out:
	db_stmt_release(s);
	return rc;
}

/* What a create asks for, as a hash: the same key, the same request? */
static void
request_hash(const struct apikey_req *q, char out[65])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];
	char		 caps[16];
	crypto_hash_sha256_state st;

	snprintf(caps, sizeof(caps), "%u", q->caps);
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)q->login,
	    strlen(q->login) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)q->name,
	    strlen(q->name) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)caps,
	    strlen(caps));
	crypto_hash_sha256_final(&st, h);
	util_hex(out, h, sizeof(h));
}

static int
bind_creator(struct db_stmt *s, int i, const struct principal *who)
{
	return who != NULL ? db_bind_int(s, i, who->user_id) :
	    db_bind_null(s, i);
}

/* An earlier create by this key: 0 none, 1 same (*id), 2 other, -1. */
static int
replay(struct db *db, const struct principal *who, const char *idem,
    const char *hash, int64_t *id)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_idem)) == NULL ||
	    bind_creator(s, 0, who) == -1 || db_bind_text(s, 1, idem) == -1)
		goto out;
	switch (db_step(s)) {
	case DB_ROW:
		*id = db_col_int(s, 0);
		rc = strcmp(db_col_text(s, 1, NULL), hash) == 0 ? 1 : 2;
		break;
	case DB_DONE:
		rc = 0;
		break;
	default:
		break;
	}
out:
	db_stmt_release(s);
	return rc;
}

/* The user a key would act as, within limit: 0, 1 none, -1 error. */
static int
user_of(struct db *db, const char *login, int64_t limit, int64_t *user,
    int64_t *org, unsigned *roles)
{
	enum org_kind	 kind;
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_user)) == NULL ||
	    db_bind_text(s, 0, login) == -1 || db_bind_int(s, 1, limit) == -1 ||
	    db_bind_int(s, 2, limit) == -1)
		goto out;
	switch (db_step(s)) {
	case DB_ROW:
		*user = db_col_int(s, 0);
		*org = db_col_int(s, 1);
		if (org_kind_parse(db_col_text(s, 3, NULL), &kind) == -1)
			break;
		*roles = (unsigned)db_col_int(s, 2) & roles_allowed_for(kind);
		rc = 0;
		break;
	case DB_DONE:
		rc = 1;
		break;
	default:
		break;
	}
out:
	db_stmt_release(s);
	return rc;
}

/* Insert the key: 0 (*id), 1 if the Idempotency-Key is taken, -1. */
static int
insert(struct db *db, const struct principal *who, int64_t user,
    int64_t org, const struct apikey_req *q, const char *prefix,
    const char *key_hash, const char *req_hash, int64_t *id)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_insert)) == NULL ||
	    db_bind_int(s, 0, user) == -1 || db_bind_int(s, 1, org) == -1 ||
	    db_bind_text(s, 2, q->name) == -1 ||
	    db_bind_text(s, 3, prefix) == -1 ||
	    db_bind_text(s, 4, key_hash) == -1 ||
	    db_bind_int(s, 5, q->caps) == -1 || bind_creator(s, 6, who) == -1 ||
	    db_bind_text(s, 7, q->idem) == -1 ||
	    db_bind_text(s, 8, q->idem != NULL ? req_hash : NULL) == -1)
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

/* The audit log's row of a new key: whose, its name, what it may do. */
static int
created(struct db *db, const struct principal *who, int64_t id, int64_t org,
    const struct apikey_req *q)
{
	char	 caps[160];
	cJSON	*d = cJSON_CreateObject();
	int	 rc;

	accounts_apikeys_caps_text(q->caps, caps, sizeof(caps));
	cJSON_AddStringToObject(d, "user", q->login);
	cJSON_AddStringToObject(d, "name", q->name);
	cJSON_AddStringToObject(d, "capabilities", caps);
	rc = audit_write(db, who, "apikey_create", "api_key", id, org, d);
	cJSON_Delete(d);
	return rc;
}

/*
 * Make a key for q->login (within limit) with q's capabilities, once per
 * Idempotency-Key: out gets the key's row, key (APIKEY_LEN + 1 bytes) the
 * key itself when it is new.  A replay cannot give the key again (only
 * its hash is kept), so it answers the row and an empty key.  For
 * APIKEY_BAD_CAPS, out->caps holds the capabilities the user cannot use.
 */
enum apikey_result
accounts_apikeys_create(struct db *db, const struct principal *who, int64_t
    limit,
    const struct apikey_req *q, struct apikey_row *out, char *key)
{
	char			 req_hash[65], key_hash[65];
	char			 prefix[APIKEY_PREFIX + 1];
	int64_t			 id = 0, user = 0, org = 0;
	unsigned		 roles = 0;
	enum apikey_result	 res = APIKEY_ERROR;
	int			 r, tries;

	key[0] = '\0';
	request_hash(q, req_hash);
	for (tries = 0; tries < 2; tries++) {
		if (db_begin(db) == -1)
			return APIKEY_ERROR;
		if (q->idem != NULL &&
		    (r = replay(db, who, q->idem, req_hash, &id)) != 0) {
			db_rollback(db);
			if (r == -1)
				return APIKEY_ERROR;
			if (r == 2)
				return APIKEY_CONFLICT;
			return accounts_apikeys_get(db, id, 0, out) == 0 ?
			    APIKEY_REPLAYED : APIKEY_ERROR;
		}
		if ((r = user_of(db, q->login, limit, &user, &org, &roles)) !=
		    0) {
			res = r == 1 ? APIKEY_NO_USER : APIKEY_ERROR;
			goto fail;
		}
		/* a capability none of the user's roles could use is a mistake */
		if ((out->caps = apikey_caps_unusable(q->caps, roles)) != 0) {
			res = APIKEY_BAD_CAPS;
			goto fail;
		}
		if (apikey_new(key, APIKEY_LEN + 1, prefix, sizeof(prefix)) ==
		    -1)
			goto fail;
		apikey_hash_hex(key, key_hash, sizeof(key_hash));
		if ((r = insert(db, who, user, org, q, prefix, key_hash,
		    req_hash, &id)) == 1) {
			/* a racing create with the same key won: replay it */
			db_rollback(db);
			sodium_memzero(key, APIKEY_LEN + 1);
			continue;
		}
		if (r == -1 || created(db, who, id, org, q) == -1 ||
		    db_commit(db) == -1)
			goto fail;
		if (accounts_apikeys_get(db, id, 0, out) != 0)
			goto fail_after;
		return APIKEY_CREATED;
	}
	return APIKEY_ERROR;
fail:
	db_rollback(db);
fail_after:
	sodium_memzero(key, APIKEY_LEN + 1);
	return res;
}

/*
 * Revoke a key in who's reach (NULL: the command line's, every key); a
 * revoked one stays so.  200 and its row; 403, 404 (no such key in
 * reach), 500.
 */
int
accounts_apikeys_revoke(struct db *db, const struct principal *who,
    int64_t id, struct apikey_row *out, struct fault *f)
{
	struct db_stmt	*s;
	uint64_t	 n = 0;
	int64_t		 limit = 0;
	int		 ok;

	if (who != NULL && accounts_users_org_limit(who, &limit) == -1)
		return fault_set(f, 403, "forbidden", "not allowed");
	if (id <= 0)
		return fault_set(f, 404, "not_found", "no such key");
	if (db_begin(db) == -1)
		return 500;
	ok = (s = db_prepare(db, sql_revoke)) != NULL &&
	    bind_creator(s, 0, who) == 0 && db_bind_int(s, 1, id) == 0 &&
	    db_bind_int(s, 2, limit) == 0 && db_bind_int(s, 3, limit) == 0 &&
	    db_exec(s) == 0;
	if (ok)
		n = db_affected(s);
	db_stmt_release(s);
	/* whose it is, for the audit log */
	if (ok && n == 1 && accounts_apikeys_get(db, id, limit, out) != 0)
		ok = 0;
	if (!ok || (n == 1 && audit_write(db, who, "apikey_revoke", "api_key",
	    id, out->org_id, NULL) == -1) || db_commit(db) == -1) {
		db_rollback(db);
		return 500;
	}
	switch (accounts_apikeys_get(db, id, limit, out)) {
	case 0:
		return 200;
	case 1:
		return fault_set(f, 404, "not_found", "no such key");
	default:
		return 500;
	}
}

/* "feed:read, stock:write": the names of the capabilities in caps. */
void
accounts_apikeys_caps_text(unsigned caps, char *out, size_t size)
{
	size_t	 n = 0;
	int	 i, len;

	if (size == 0)
		return;
	out[0] = '\0';
	for (i = 0; i < CAP__COUNT; i++) {
		if (!(caps & (1u << i)))
			continue;
		len = snprintf(out + n, size - n, "%s%s", n ? ", " : "",
		    apikey_cap_name(1u << i));
		if (len < 0 || (size_t)len >= size - n)
			break;
		n += (size_t)len;
	}
}

cJSON *
accounts_apikeys_json(const struct apikey_row *k)
{
	cJSON		*j = cJSON_CreateObject(), *u, *caps;
	char		 pre[sizeof(APIKEY_TAG) + APIKEY_PREFIX];
	int		 i;

	cJSON_AddNumberToObject(j, "id", (double)k->id);
	cJSON_AddStringToObject(j, "name", k->name);
	snprintf(pre, sizeof(pre), "%s%s", APIKEY_TAG, k->prefix);
	cJSON_AddStringToObject(j, "prefix", pre);
	u = cJSON_AddObjectToObject(j, "user");
	cJSON_AddNumberToObject(u, "id", (double)k->user_id);
	cJSON_AddStringToObject(u, "login", k->user_login);
	cJSON_AddNumberToObject(j, "org", (double)k->org_id);
	caps = cJSON_AddArrayToObject(j, "capabilities");
	for (i = 0; i < CAP__COUNT; i++)
		if (k->caps & (1u << i))
			cJSON_AddItemToArray(caps, cJSON_CreateString(
			    apikey_cap_name(1u << i)));
	cJSON_AddStringToObject(j, "created_at", k->created_at);
	if (k->last_used_at[0] != '\0')
		cJSON_AddStringToObject(j, "last_used_at", k->last_used_at);
	else
		cJSON_AddNullToObject(j, "last_used_at");
	if (k->revoked_at[0] != '\0')
		cJSON_AddStringToObject(j, "revoked_at", k->revoked_at);
	else
		cJSON_AddNullToObject(j, "revoked_at");
	cJSON_AddBoolToObject(j, "active", k->revoked_at[0] == '\0');
	return j;
}
