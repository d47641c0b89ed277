/*
 * providers_agents_ops.c: a provider's agents' operations, below both the
 * JSON API and the provider's page
 *
 * The provider's administrators (providers_reach) add its agents, keyed
 * by their Idempotency-Key, and rename, disable or enable them; each is
 * a user of the provider's organisation with the one role provider_agent.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../audit/audit.h"
#include "../auth/auth.h"
#include "../auth/session.h"
#include "../core/buf.h"
#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "providers.h"

/* An e-mail address: one "@", a dot after it, no blanks or specials. */
static int
email_ok(const char *e)
{
	const char	*at = strchr(e, '@');

	return strlen(e) <= 254 && at != NULL && at != e &&
	    strchr(at + 1, '@') == NULL && strchr(at, '.') != NULL &&
	    strrchr(at, '.')[1] != '\0' && strrchr(at, '.') != at + 1 &&
	    strcspn(e, " \t\r\n<>()[]\\,;:\"") == strlen(e);
}

static void
check_agent(const struct providers_agent_new *a, struct fault *f)
{
	size_t	 n;

	if (a->login == NULL || (n = strlen(a->login)) < 3 || n > 64 ||
	    strspn(a->login, "abcdefghijklmnopqrstuvwxyz0123456789._-") != n)
		fault_field(f, "login",
		    "3 to 64 of a-z, 0-9, dot, dash, underscore");
	providers_check_text(f, "display_name", a->name, 100, 1);
	if (a->password == NULL || strlen(a->password) > PASSWORD_MAX ||
	    !password_acceptable(a->password))
		fault_field(f, "password", "10 to 256 characters");
	if (a->email != NULL && *a->email != '\0' && !email_ok(a->email))
		fault_field(f, "email", "an e-mail address, or empty for none");
	if (a->mobile != NULL && *a->mobile != '\0' &&
	    ((n = strlen(a->mobile + (*a->mobile == '+'))) < 6 || n > 15 ||
	    strspn(a->mobile + (*a->mobile == '+'), "0123456789") != n))
		fault_field(f, "mobile", "+ and 6 to 15 digits, or empty");
}

static void
agent_hash(int64_t provider, const struct providers_agent_new *a,
    char out[65])
{
	struct buf	 b;

	/* not the password: the table keeps no unsalted trace of it */
	buf_init(&b);
	buf_printf(&b, "agent\n%lld\n%s\n%s\n%s\n%s\n", (long long)provider,
	    a->login, a->name, a->email != NULL ? a->email : "",
	    a->mobile != NULL ? a->mobile : "");
	util_sha256_hex(out, b.data, b.len);
	buf_free(&b);
}

/*
 * A new agent of provider (in who's reach), keyed by key: 201 and *id
 * (200 for the same request again); 404, 409 (login or e-mail taken, or
 * the key went with another request), 422, 500, 503.
 */
int
providers_agent_create(struct db *db, const struct principal *who,
    int64_t provider, const struct providers_agent_new *a, const char *key,
    int64_t *id, struct fault *f)
{
	struct providers_state	 st;
	char			 pw[crypto_pwhash_STRBYTES], hash[65];
	int64_t			 reach;
	int			 rc;

	if (providers_reach(who, &reach) == -1 || provider < 1)
		return fault_set(f, 404, "not_found", "no such provider");
	check_agent(a, f);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	agent_hash(provider, a, hash);
	if (password_hash(a->password, pw, sizeof(pw)) == -1)
		return 503;	/* no hashing slot in time: try again */
	if ((rc = providers_begin_locked(db, provider, reach, &st, "provider",
	    f)) != 0)
		return rc;
	if ((rc = providers_replayed(db, who, key, hash, id, f)) != 0) {
		db_rollback(db);
		return rc;
	}
	if ((rc = providers_agents_insert(db, provider, a, pw, id)) == 0 &&
	    (rc = providers_key_insert(db, who->user_id, key, hash, *id)) ==
	    1) {
		db_rollback(db);
		rc = providers_replayed(db, who, key, hash, id, f);
		return rc == 0 ? 500 : rc;
	}
	if (rc == 0 && (audit_write(db, who, "provider_agent_create", "user",
	    *id, provider, NULL) == -1 || db_commit(db) == -1))
		rc = -1;
	if (rc == 0)
		return 201;
	db_rollback(db);
	if (rc == 1 && providers_replayed(db, who, key, hash, id, f) == 200)
		return 200;	/* a racer with the same key went first */
	if (rc == 1 || rc == 2) {
		fault_field(f, rc == 1 ? "login" : "email", "taken");
		return fault_set(f, 409, "conflict", rc == 1 ?
		    "the login is taken" : "the e-mail address is taken");
	}
	return 500;
}

/*
 * Rename, disable or enable agent id of provider (in who's reach) if it
 * is still at version; a disable ends its sessions.  200; 404, 409
 * (changed meanwhile), 422, 500, 503.
 */
int
providers_agent_change(struct db *db, const struct principal *who,
    int64_t provider, int64_t id, const char *name, int disabled,
    int64_t version, struct fault *f)
{
	struct providers_state	 st;
	int64_t			 reach;
	cJSON			*d, *a;
	int			 rc;

	if (providers_reach(who, &reach) == -1 || provider < 1 || id < 1)
		return fault_set(f, 404, "not_found", "no such agent");
	providers_check_text(f, "display_name", name, 100, 0);
	if (name != NULL && util_blank(name))
		fault_field(f, "display_name", "1 to 100 characters");
	if (version < 1 || version > INT32_MAX)
		fault_field(f, "version", "the version you read");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if ((rc = providers_begin_locked(db, provider, reach, &st, "agent",
	    f)) != 0)
		return rc;
	/* not its agent, or changed meanwhile: say which */
	if ((rc = providers_agents_read(db, provider, id, &a)) != 200) {
		db_rollback(db);
		return rc == 404 ? fault_set(f, 404, "not_found",
		    "no such agent") : 500;
	}
	if ((rc = providers_agents_update(db, provider, id, name, disabled,
	    version)) == 1) {
		cJSON_Delete(a);
		db_rollback(db);
		return fault_set(f, 409, "conflict", "the agent was changed "
		    "meanwhile; reload");
	}
	if (rc == 0 && disabled == 1 && session_revoke_user(db, id) == -1)
		rc = -1;
	/* as it was (read at the version the change was made from) */
	d = cJSON_CreateObject();
	if (name != NULL)
		audit_text(d, "display_name", cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(a, "display_name")), name);
	if (disabled >= 0)
		audit_bool(d, "disabled", cJSON_IsTrue(
		    cJSON_GetObjectItemCaseSensitive(a, "disabled")), disabled);
	cJSON_Delete(a);
	if (rc == 0 && (audit_write(db, who, "provider_agent_update", "user",
	    id, provider, d) == -1 || db_commit(db) == -1))
		rc = -1;
	cJSON_Delete(d);
	if (rc == 0)
		return 200;
	db_rollback(db);
	return 500;
}
