/*
 * invoices_profile_db.c: the buyer's side of a dealer's invoices, its
 * invoice profile (migration 0060): read by anyone whose scope reaches
 * the dealer, kept by its admin, its chain's admin, and HQ's admin and
 * finance clerks.  A change is conditional on the version read (0: the
 * profile was never kept, and the change makes its row), audited with
 * each field's value before and after, in one transaction.
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../auth/scope.h"
#include "../db/db.h"
#include "invoices.h"

/* the dealer and its profile, if any, if the scope (5 after id) reaches */
static const char sql_read[] =
	"SELECT o.id, o.code, o.name_zh, o.name_en, "
	"COALESCE(p.tax_number, ''), COALESCE(p.address, ''), "
	"COALESCE(p.phone, ''), COALESCE(p.bank_name, ''), "
	"COALESCE(p.bank_account, ''), COALESCE(p.version, 0), "
	"COALESCE(DATE_FORMAT(p.updated_at, '%Y-%m-%dT%H:%i:%sZ'), '') "
	"FROM orgs o LEFT JOIN invoice_profiles p ON p.dealer_id = o.id "
	"WHERE o.id = ? AND o.kind = 'dealer' AND " SCOPE_SQL("o");
static const char sql_insert[] =
	"INSERT INTO invoice_profiles (dealer_id, tax_number, address, "
	"phone, bank_name, bank_account, updated_by) VALUES "
	"(?, NULLIF(?, ''), ?, ?, ?, ?, ?)";
static const char sql_update[] =
	"UPDATE invoice_profiles SET tax_number = NULLIF(?, ''), address = ?, "
	"phone = ?, bank_name = ?, bank_account = ?, updated_by = ?, "
	"version = version + 1 WHERE dealer_id = ? AND version = ?";

/*
 * The dealer's profile into *out if who's scope (write: to keep it)
 * reaches the dealer: 1, 0 not (or no such dealer), -1 an error.
 */
int
invoices_profile_load(struct db *db, const struct principal *who,
    int64_t dealer, int write, struct invoices_profile *out)
{
	struct invoices_party	*p = &out->party;
	struct db_stmt		*s;
	struct scope		 sc;
	int			 rc;

	memset(out, 0, sizeof(*out));
	scope_for(who, write, &sc);
	if ((s = db_prepare(db, sql_read)) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || scope_bind(s, 1, &sc) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		out->dealer = db_col_int(s, 0);
		db_col_copy(s, 1, p->code, sizeof(p->code));
		db_col_copy(s, 2, p->name, sizeof(p->name));
		db_col_copy(s, 3, p->name_en, sizeof(p->name_en));
		db_col_copy(s, 4, p->tax_number, sizeof(p->tax_number));
		db_col_copy(s, 5, p->address, sizeof(p->address));
		db_col_copy(s, 6, p->phone, sizeof(p->phone));
		db_col_copy(s, 7, p->bank_name, sizeof(p->bank_name));
		db_col_copy(s, 8, p->bank_account, sizeof(p->bank_account));
		out->version = db_col_int(s, 9);
		db_col_copy(s, 10, out->updated_at, sizeof(out->updated_at));
	}
	db_stmt_release(s);
	return rc == DB_ROW;
}

/* GET: 200 with *out, or the refusal (404 outside the caller's scope). */
int
invoices_profile_read(struct db *db, const struct principal *who,
    int64_t dealer, struct fault *f, struct invoices_profile *out)
{
	int	 rc;

	memset(out, 0, sizeof(*out));
	if (db == NULL)
		return 503;
	if ((rc = invoices_profile_load(db, who, dealer, 0, out)) == -1)
		return 500;
	return rc == 1 ? 200 : fault_set(f, 404, "not_found",
	    "no such dealer");
}

/*
 * The field's value after the change (to, or the old one when not sent)
 * into *now; into details its new and old value when they differ.
 */
static void
field(cJSON *details, const char *name, const char *to, const char *old,
    const char **now)
{
	char	 before[48];

	*now = to != NULL ? to : old;
	if (strcmp(*now, old) == 0)
		return;
	snprintf(before, sizeof(before), "%s_before", name);
	cJSON_AddStringToObject(details, name, *now);
	cJSON_AddStringToObject(details, before, old);
}

/*
 * Change the dealer's profile as in says if it is still at in->version:
 * 200 with *out, or the refusal (422 a field, 404 out of who's scope,
 * 403 who only reads it, 409 changed meanwhile).
 */
int
invoices_profile_change(struct db *db, const struct principal *who,
    int64_t dealer, const struct invoices_profile_in *in, struct fault *f,
    struct invoices_profile *out)
{
	struct invoices_profile	 old;
	struct invoices_party	*p = &old.party;
	const char		*tax, *addr, *phone, *bank, *account;
	char			 taxnum[19];
	cJSON			*details = NULL;
	int			 rc, n = -1;

	memset(out, 0, sizeof(*out));
	if (invoices_profile_check(in, taxnum, f) == -1)
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db == NULL)
		return 503;
	if ((rc = invoices_profile_load(db, who, dealer, 1, &old)) != 1)
		return rc == -1 ? 500 : fault_set(f, 404, "not_found",
		    "no such dealer");
	if (!invoices_profile_keeper(who))
		return fault_set(f, 403, "forbidden", "the dealer's admin, "
		    "its chain's admin and HQ's admin and finance clerks keep "
		    "the invoice profile");
	if (in->version != old.version)
		return fault_set(f, 409, "conflict", "the profile was changed "
		    "meanwhile (version %lld); read it again",
		    (long long)old.version);
	details = cJSON_CreateObject();
	field(details, "tax_number", in->tax_number != NULL ? taxnum : NULL,
	    p->tax_number, &tax);
	field(details, "address", in->address, p->address, &addr);
	field(details, "phone", in->phone, p->phone, &phone);
	field(details, "bank_name", in->bank_name, p->bank_name, &bank);
	field(details, "bank_account", in->bank_account, p->bank_account,
	    &account);
	cJSON_AddNumberToObject(details, "version", (double)(old.version + 1));
	/*
	 * The row is written only if still at the version read: the first
	 * change inserts it (a racer's duplicate is the loser), a later one
	 * updates "WHERE version = ?".
	 */
	if (db_begin(db) == -1) {
		cJSON_Delete(details);
		return 500;
	}
	if (old.version == 0)
		n = db_execv(db, sql_insert, NULL, "ittttti", dealer, tax, addr,
		    phone, bank, account, who->user_id);
	else
		n = db_execv(db, sql_update, NULL, "tttttiii", tax, addr, phone,
		    bank, account, who->user_id, dealer, old.version);
	if (n == 1 && audit_write(db, who, "invoice_profile_change",
	    "org", dealer, dealer, details) == -1)
		n = -1;
	cJSON_Delete(details);
	if (n != 1 || db_commit(db) == -1) {
		rc = n == 0 || (n == -1 && db_is_duplicate(db));
		db_rollback(db);
		return rc ? fault_set(f, 409, "conflict", "the profile was "
		    "changed meanwhile; read it again") : 500;
	}
	return invoices_profile_read(db, who, dealer, f, out);
}
