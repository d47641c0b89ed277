/*
 * accounts_orgs_ops.c: organisations' operations, below both the JSON API
 * and the admin's pages
 *
 * Regions, dealers and chains are created and changed here (HQ exists
 * once); every change is conditional on the row's version and audited.
 * A dealer belongs to at most one chain: setting "chain" moves it, and
 * its orders with it (accounts_orgs_set_chain), in the same transaction.
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../auth/auth.h"
#include "../core/fault.h"
#include "../db/db.h"
#include "accounts_orgs.h"

static const char *const dealer_kinds[] = { "multinational_chain",
	"domestic_chain", "department_store", "exclusive_store",
	"specialty_store", NULL };
static const char *const tiers[] = { "A", "B", "C", "D", NULL };

static int
one_of(const char *s, const char *const *list)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* A name of 1 to 200 bytes (NULL when optional is fine). */
static void
check_name(struct fault *f, const char *field, const char *v, int optional)
{
	if (v == NULL ? !optional : (*v == '\0' || strlen(v) > 200))
		fault_field(f, field, "1 to 200 characters");
}

static void
check_new(const struct accounts_org_new *o, struct fault *f)
{
	static const char *const kinds[] = { "region", "dealer", "chain",
		NULL };
	int	 dealer = o->kind != NULL && strcmp(o->kind, "dealer") == 0;

	if (!one_of(o->kind, kinds))
		fault_field(f, "kind", "region, dealer or chain");
	if (o->code == NULL || strlen(o->code) < 2 || strlen(o->code) > 16 ||
	    strspn(o->code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") !=
	    strlen(o->code))
		fault_field(f, "code", "2 to 16 of A-Z, 0-9, dash");
	check_name(f, "name_zh", o->name_zh, 0);
	check_name(f, "name_en", o->name_en, 0);
	if (o->city != NULL && strlen(o->city) > 100)
		fault_field(f, "city", "at most 100 characters");
	if (dealer && (o->region < 1 || o->region > INT64_C(1) << 52))
		fault_field(f, "region", "the dealer's region id");
	if (dealer && !one_of(o->dealer_kind, dealer_kinds))
		fault_field(f, "dealer_kind", "one of the five kinds");
	if (dealer && !one_of(o->tier, tiers))
		fault_field(f, "tier", "A, B, C or D");
	if (o->chain != 0 && (!dealer || o->chain < 0 ||
	    o->chain > INT64_C(1) << 52))
		fault_field(f, "chain", "a dealer's chain id");
}

/*
 * In a transaction: may id (a dealer) join chain (0: leave)?  0; 1 with
 * the field error in f; -1.
 */
static int
check_chain(struct db *db, int64_t id, int64_t chain, struct fault *f)
{
	char	 kind[16];
	int	 rc;

	if ((rc = accounts_orgs_kind(db, id, kind, sizeof(kind))) != 0)
		return rc == 1 ? 0 : -1;	/* none: the update says 404 */
	if (strcmp(kind, "dealer") != 0) {
		fault_field(f, "chain", "only a dealer belongs to a chain");
		return 1;
	}
	if (chain == 0)
		return 0;
	if ((rc = accounts_orgs_kind(db, chain, kind, sizeof(kind))) == -1)
		return -1;
	if (rc == 1 || strcmp(kind, "chain") != 0) {
		fault_field(f, "chain", "no such chain");
		return 1;
	}
	return 0;
}

/* What the audit log keeps of a new organisation. */
static cJSON *
new_details(const struct accounts_org_new *o, int dealer)
{
	cJSON	*d = cJSON_CreateObject();

	cJSON_AddStringToObject(d, "kind", o->kind);
	cJSON_AddStringToObject(d, "code", o->code);
	cJSON_AddStringToObject(d, "name_zh", o->name_zh);
	cJSON_AddStringToObject(d, "name_en", o->name_en);
	cJSON_AddStringToObject(d, "city", o->city != NULL ? o->city : "");
	if (dealer) {
		cJSON_AddNumberToObject(d, "region", (double)o->region);
		cJSON_AddStringToObject(d, "dealer_kind", o->dealer_kind);
		cJSON_AddStringToObject(d, "tier", o->tier);
		if (o->chain > 0)
			cJSON_AddNumberToObject(d, "chain", (double)o->chain);
	}
	return d;
}

/*
 * A new region, dealer or chain: 201 and *id; 422 (a field, or no such
 * region or chain),
 * 409 (the code is taken), 500, 503.  Field messages already in f (the
 * JSON door's type checks) make it a 422 too.
 */
int
accounts_orgs_create(struct db *db, const struct principal *who,
    const struct accounts_org_new *o, int64_t *id, struct fault *f)
{
	cJSON		*d;
	char		 kind[16];
	int		 dealer, rc;

	check_new(o, f);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	dealer = strcmp(o->kind, "dealer") == 0;
	if (db_begin(db) == -1)
		return 503;
	rc = accounts_orgs_insert(db, o, dealer, id);
	d = new_details(o, dealer);
	if (rc == 0 && (audit_write(db, who, "org_create", "org", *id, *id,
	    d) == -1 || db_commit(db) == -1))
		rc = -1;
	cJSON_Delete(d);
	if (rc == 0)
		return 201;
	db_rollback(db);
	if (rc == 1) {		/* the region, or the chain: say which */
		if (o->chain > 0 && (rc = accounts_orgs_kind(db, o->chain,
		    kind, sizeof(kind))) == -1)
			return 500;
		if (o->chain > 0 && (rc == 1 || strcmp(kind, "chain") != 0))
			fault_field(f, "chain", "no such chain");
		else
			fault_field(f, "region", "no such region");
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	if (rc == 2) {
		fault_field(f, "code", "taken");
		return fault_set(f, 409, "conflict", "the code is taken");
	}
	return 500;
}

/* A chain as the audit log keeps it: its id, or null for none. */
static void
chain_value(cJSON *d, const char *name, int64_t chain)
{
	if (chain > 0)
		cJSON_AddNumberToObject(d, name, (double)chain);
	else
		cJSON_AddNullToObject(d, name);
}

/* What the audit log keeps of a change: each field sent, before and after. */
static cJSON *
change_details(const struct accounts_org_was *w,
    const struct accounts_org_change *c)
{
	cJSON	*d = cJSON_CreateObject();

	if (c->name_zh != NULL)
		audit_text(d, "name_zh", w->name_zh, c->name_zh);
	if (c->name_en != NULL)
		audit_text(d, "name_en", w->name_en, c->name_en);
	if (c->city != NULL)
		audit_text(d, "city", w->city, c->city);
	if (c->tier != NULL)
		audit_text(d, "tier", *w->tier != '\0' ? w->tier : NULL,
		    c->tier);
	if (c->active >= 0)
		audit_bool(d, "active", w->active, c->active);
	if (c->chain >= 0) {		/* a dealer's move between chains */
		chain_value(d, "chain" AUDIT_BEFORE, w->chain);
		chain_value(d, "chain", c->chain);
	}
	if (c->version >= 0)
		cJSON_AddNumberToObject(d, "version", (double)c->version);
	return d;
}

/*
 * Change an organisation (not HQ) if it is still at c->version: 200;
 * 404, 409 (changed meanwhile), 422, 500, 503.
 */
int
accounts_orgs_update(struct db *db, const struct principal *who, int64_t id,
    const struct accounts_org_change *c, struct fault *f)
{
	struct accounts_org_was	 w;
	struct audit_about	 about = { id, 0, { 0 } };
	cJSON			*d;
	int			 rc;

	check_name(f, "name_zh", c->name_zh, 1);
	check_name(f, "name_en", c->name_en, 1);
	if (c->city != NULL && strlen(c->city) > 100)
		fault_field(f, "city", "at most 100 characters");
	if (c->tier != NULL && !one_of(c->tier, tiers))
		fault_field(f, "tier", "A, B, C or D");
	if (c->version != -1 && (c->version < 1 || c->version > INT32_MAX))
		fault_field(f, "version", "the version you read");
	if (c->chain < -1 || c->chain > INT64_C(1) << 52)
		fault_field(f, "chain", "a chain id, or null to leave it");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db_begin(db) == -1)
		return 503;
	if (c->chain >= 0 && (rc = check_chain(db, id, c->chain, f)) != 0) {
		db_rollback(db);
		return rc == -1 ? 500 : fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	/* what it was (none: the update says 404 or 409 below) */
	if ((rc = accounts_orgs_was(db, id, &w)) == 0)
		rc = accounts_orgs_update_row(db, id, c);
	if (rc == 0 && c->chain >= 0 &&
	    accounts_orgs_set_chain(db, id, c->chain) == -1)
		rc = -1;
	/* a dealer's move: the chain it left reads it too */
	if (c->chain >= 0 && w.chain != c->chain)
		about.also[0] = w.chain;
	d = change_details(&w, c);
	if (rc == 0 && (audit_write_about(db, who, "org_update", "org", id,
	    &about, d) == -1 || db_commit(db) == -1))
		rc = -1;
	cJSON_Delete(d);
	if (rc == 0)
		return 200;
	db_rollback(db);
	if (rc == -1)
		return 500;
	/* not there (or HQ), or another version: tell which */
	if (accounts_orgs_read(db, id, &d, f) == 200 && c->version >= 0) {
		cJSON_Delete(d);
		return fault_set(f, 409, "conflict",
		    "the organisation was changed meanwhile; reload");
	}
	cJSON_Delete(d);
	fault_clear(f);
	return fault_set(f, 404, "not_found", "no such organisation");
}

/* What the audit log keeps of an assignment: {name: [id, ...]}. */
static cJSON *
ids_details(const char *name, const int64_t *ids, int n)
{
	cJSON	*d = cJSON_CreateObject(), *a;
	int	 i;

	a = cJSON_AddArrayToObject(d, name);
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber((double)ids[i]));
	return d;
}

/*
 * Replace the chains of an HQ key-account person with the n in chains:
 * 200; 404 (no such person), 422, 500, 503.
 */
int
accounts_orgs_assign_key_account(struct db *db, const struct principal *who,
    int64_t user, const int64_t *chains, int n, struct fault *f)
{
	cJSON	*d;
	int	 rc;

	if (db_begin(db) == -1)
		return 503;
	rc = accounts_orgs_assign_chains(db, user, chains, n);
	d = ids_details("chains", chains, n);
	/* a key-account person is HQ's, as the admin who assigns */
	if (rc == 0 && (audit_write(db, who, "assign_chains", "user", user,
	    who->org_id, d) == -1 || db_commit(db) == -1))
		rc = -1;
	cJSON_Delete(d);
	if (rc == 0)
		return 200;
	db_rollback(db);
	if (rc == 1)
		return fault_set(f, 404, "not_found",
		    "no such key-account person at HQ");
	if (rc == 2) {
		fault_field(f, "chains", "chains, each once");
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	return 500;
}

/*
 * Replace an account manager's dealers with the n in dealers (an id < 1
 * is a bad one): 200; 404 (no such manager), 422, 500, 503.
 */
int
accounts_orgs_assign(struct db *db, const struct principal *who,
    int64_t manager, const int64_t *dealers, int n, struct fault *f)
{
	int64_t		 region;
	cJSON		*d;
	int		 i, rc, bad = 0;

	if (db_begin(db) == -1)
		return 503;
	if ((rc = accounts_orgs_manager_region(db, manager, &region)) != 0) {
		db_rollback(db);
		return rc == 1 ? fault_set(f, 404, "not_found",
		    "no such account manager") : 500;
	}
	if (accounts_orgs_unassign(db, manager) == -1)
		bad = -1;
	for (i = 0; i < n && bad == 0; i++)
		bad = accounts_orgs_assign_one(db, manager, dealers[i], region);
	d = ids_details("dealers", dealers, n);
	if (bad == 0 && (audit_write(db, who, "assign_dealers", "user",
	    manager, region, d) == -1 || db_commit(db) == -1))
		bad = -1;
	cJSON_Delete(d);
	if (bad == 0)
		return 200;
	db_rollback(db);
	if (bad == -1)
		return 500;
	fault_field(f, "dealers", "dealers of the manager's region, each once");
	return fault_set(f, 422, "validation_failed", "check the fields");
}
