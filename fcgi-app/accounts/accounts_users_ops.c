/*
 * accounts_users_ops.c: user administration's operations (create, change,
 * reset a password), below both the JSON API and the pages
 *
 * An admin reaches every user; a dealer's admin only the users of its own
 * dealer, with dealer roles only; a chain's admin the users of its chain
 * (chain roles) and of its branches (dealer roles); a user out of reach
 * is 404.
 */
#include <string.h>

#include <sodium.h>

#include "../audit/audit.h"
#include "../auth/session.h"
#include "../core/fault.h"
#include "../db/db.h"
#include "accounts.h"
#include "accounts_users.h"

static void	role_list(cJSON *, const char *, unsigned);

/*
 * Roles must suit the organisation; a dealer's or chain's admin grants
 * its customers' roles only.
 */
static int
roles_fit(const struct principal *who, unsigned roles, enum org_kind kind,
    struct fault *f)
{
	if (roles == 0 || (roles & ~roles_allowed_for(kind)) != 0 ||
	    (!(who->roles & ROLE_ADMIN) &&
	    (roles & ~(ROLES_DEALER | ROLES_CHAIN)) != 0)) {
		fault_field(f, "roles", "roles this organisation may hold");
		return 0;
	}
	return 1;
}

static void
check_new(const struct accounts_user_new *n, int64_t limit, struct fault *f)
{
	if (n->login == NULL || strlen(n->login) < 3 || strlen(n->login) > 64 ||
	    strspn(n->login, "abcdefghijklmnopqrstuvwxyz0123456789._-") !=
	    strlen(n->login))
		fault_field(f, "login",
		    "3 to 64 of a-z, 0-9, dot, dash, underscore");
	if (n->name == NULL || *n->name == '\0' || strlen(n->name) > 100)
		fault_field(f, "display_name", "1 to 100 characters");
	if (n->password == NULL || strlen(n->password) > PASSWORD_MAX ||
	    !password_acceptable(n->password))
		fault_field(f, "password", "10 to 256 characters");
	if (n->roles < 0)
		fault_field(f, "roles", "a list of role names");
	if (n->org < 0 || (n->org == 0 && n->org_code == NULL && limit == 0))
		fault_field(f, "org", "an organisation id or org_code");
}

/*
 * The organisation a new user joins: n->org, else the one of org_code,
 * else a dealer admin's own.  200 and *org, 404, or 500.
 */
static int
new_org(struct db *db, const struct accounts_user_new *n, int64_t limit,
    int64_t *org, enum org_kind *kind, struct fault *f)
{
	int	 rc;

	*org = n->org > 0 ? n->org : n->org_code != NULL ? 0 : limit;
	if (*org == 0 && (*org = accounts_users_org_by_code(db,
	    n->org_code)) <= 0) {
		if (*org == -1)
			return 500;
		return fault_set(f, 404, "not_found", "no such organisation");
	}
	/* An org out of reach reads as unknown to a dealer's admin. */
	if ((rc = accounts_users_org_kind(db, *org, limit, kind)) == 1)
		return fault_set(f, 404, "not_found", "no such organisation");
	return rc == -1 ? 500 : 200;
}

/*
 * A new user, made by who (HQ's admin, or a dealer's admin within its
 * dealer): 201 and *id; 403, 404 (no such organisation in reach), 409
 * (the login is taken), 422, 500, 503 (no hashing slot: try again).
 * Field messages already in f make it a 422 too.
 */
int
accounts_users_create(struct db *db, const struct principal *who,
    const struct accounts_user_new *n, int64_t *id, struct fault *f)
{
	char		 hash[crypto_pwhash_STRBYTES];
	enum org_kind	 kind = ORG_DEALER;
	int64_t		 limit, org;
	cJSON		*d;
	int		 rc;

	if (accounts_users_org_limit(who, &limit) == -1)
		return fault_set(f, 403, "forbidden", "not allowed");
	check_new(n, limit, f);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if ((rc = new_org(db, n, limit, &org, &kind, f)) != 200)
		return rc;
	if (!roles_fit(who, (unsigned)n->roles, kind, f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (password_hash(n->password, hash, sizeof(hash)) == -1)
		return 503;	/* no hashing slot in time: try again */
	if (db_begin(db) == -1)
		return 500;
	if ((rc = accounts_users_insert(db, n->login, n->name, org, hash,
	    (unsigned)n->roles, id)) != 0) {
		db_rollback(db);
		if (rc == -1)
			return 500;
		fault_field(f, "login", "taken");
		return fault_set(f, 409, "conflict", "the login is taken");
	}
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "login", n->login);
	cJSON_AddStringToObject(d, "display_name", n->name);
	cJSON_AddNumberToObject(d, "org", (double)org);
	role_list(d, "roles", (unsigned)n->roles);
	rc = audit_write(db, who, "user_create", "user", *id, org, d);
	cJSON_Delete(d);
	if (rc == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return 500;
	}
	return 201;
}

/* The names of the roles in mask as d's array name. */
static void
role_list(cJSON *d, const char *name, unsigned mask)
{
	const char	*names[ROLE__COUNT];
	cJSON		*a;
	int		 i, n;

	a = cJSON_AddArrayToObject(d, name);
	n = roles_to_names(mask, names, ROLE__COUNT);
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(names[i]));
}

/* What the audit log keeps of a change: each field sent, before and after. */
static cJSON *
change_details(const struct user_row *u, const struct user_change *c)
{
	cJSON		*d = cJSON_CreateObject();

	if (c->name != NULL)
		audit_text(d, "display_name", u->name, c->name);
	if (c->roles >= 0) {
		role_list(d, "roles" AUDIT_BEFORE, u->roles);
		role_list(d, "roles", (unsigned)c->roles);
	}
	if (c->disabled >= 0)
		audit_bool(d, "disabled", u->disabled, c->disabled);
	if (c->version >= 0)
		cJSON_AddNumberToObject(d, "version", (double)c->version);
	return d;
}

/*
 * Change user id (within who's reach) if it is still at c->version; a
 * change of roles or a disable ends its sessions.  200; 403, 404, 409
 * (changed meanwhile), 422, 500.
 */
int
accounts_users_change(struct db *db, const struct principal *who, int64_t id,
    const struct user_change *c, struct fault *f)
{
	struct user_change at = *c;
	struct user_row	 u;
	int64_t		 limit;
	cJSON		*d;
	int		 rc, ended;

	if (accounts_users_org_limit(who, &limit) == -1)
		return fault_set(f, 403, "forbidden", "not allowed");
	if (id <= 0)
		return fault_set(f, 404, "not_found", "no such user");
	if (c->name != NULL && (*c->name == '\0' || strlen(c->name) > 100))
		fault_field(f, "display_name", "1 to 100 characters");
	if (c->roles < -1)
		fault_field(f, "roles", "a list of role names");
	if (c->version != -1 && (c->version < 1 || c->version > INT32_MAX))
		fault_field(f, "version", "the version you read");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if ((rc = accounts_users_get(db, id, limit, &u)) != 0)
		return rc == 1 ? fault_set(f, 404, "not_found",
		    "no such user") : 500;
	if (c->roles >= 0 && !roles_fit(who, (unsigned)c->roles, u.org_kind,
	    f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	/* the change only from the row read: the audit log's "before" */
	if (at.version == -1)
		at.version = u.version;
	if (db_begin(db) == -1)
		return 500;
	rc = accounts_users_update(db, id, limit, &at, &ended);
	if (rc == 0 && ended && session_revoke_user(db, id) == -1)
		rc = -1;
	d = change_details(&u, c);
	if (rc == 0 && audit_write(db, who, "user_update", "user", id,
	    u.org_id, d) == -1)
		rc = -1;
	cJSON_Delete(d);
	if (rc != 0 || db_commit(db) == -1) {
		db_rollback(db);
		if (rc == 1)
			return fault_set(f, 404, "not_found", "no such user");
		if (rc == 2)
			return fault_set(f, 409, "conflict",
			    "the user was changed meanwhile; reload");
		return 500;
	}
	return 200;
}

/*
 * Set another user's password (one's own needs the current one): ends
 * its sessions and any lock.  204; 403, 404, 422, 500, 503.
 */
int
accounts_users_reset_password(struct db *db, const struct principal *who,
    int64_t id, const char *pw, struct fault *f)
{
	char		 hash[crypto_pwhash_STRBYTES];
	struct user_row	 u;
	int64_t		 limit;
	int		 rc;

	if (accounts_users_org_limit(who, &limit) == -1)
		return fault_set(f, 403, "forbidden", "not allowed");
	if (id <= 0)
		return fault_set(f, 404, "not_found", "no such user");
	if (id == who->user_id)
		return fault_set(f, 403, "forbidden",
		    "change your own password at /api/v1/me/password");
	if (pw == NULL || strlen(pw) > PASSWORD_MAX ||
	    !password_acceptable(pw)) {
		fault_field(f, "new_password", "10 to 256 characters");
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	/* whose user it is (the audit log's), within reach */
	if ((rc = accounts_users_get(db, id, limit, &u)) != 0)
		return rc == 1 ? fault_set(f, 404, "not_found",
		    "no such user") : 500;
	if (password_hash(pw, hash, sizeof(hash)) == -1)
		return 503;	/* no hashing slot in time: try again */
	if (db_begin(db) == -1)
		return 500;
	rc = accounts_users_set_password(db, id, limit, hash);
	if (rc != 0 || session_revoke_user(db, id) == -1 ||
	    accounts_login_unlock(db, id) == -1 ||
	    audit_write(db, who, "password_reset", "user", id, u.org_id,
	    NULL) ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return rc == 1 ? fault_set(f, 404, "not_found",
		    "no such user") : 500;
	}
	return 204;
}
