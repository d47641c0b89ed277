/*
 * addresses_write_db.c: keeping a dealer's book: add an address
 * (idempotent by its key), change one or make it the default, deactivate
 * one; each conditional on the address's version, in one transaction.
 *
 * Every write of a dealer's book writes the dealer's ship_to_books row
 * first: the count of its addresses (at most ADDRESSES_MAX) and the move
 * of its default are then decided one writer at a time, on one server by
 * the row's lock and on Galera by certification (STYLE: guards that hold
 * on Galera); the UNIQUE key on default_of holds one default whatever.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "addresses.h"

static const char sql_book[] =
	"INSERT INTO ship_to_books (dealer_id, writes) VALUES (?, 1) "
	"ON DUPLICATE KEY UPDATE writes = writes + 1";
static const char sql_count[] =
	"SELECT COUNT(*) FROM ship_to_addresses WHERE dealer_id = ? AND "
	"active = 1";
/* the dealer's default, if another, is one no more */
static const char sql_undefault[] =
	"UPDATE ship_to_addresses SET is_default = 0, version = version + 1 "
	"WHERE default_of = ? AND id <> ?";
static const char sql_insert[] =
	"INSERT INTO ship_to_addresses (dealer_id, name, contact, phone, "
	"address, is_default, created_by, idem_key, request_hash) VALUES "
	"(?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_replay[] =
	"SELECT id, request_hash FROM ship_to_addresses WHERE dealer_id = ? "
	"AND idem_key = ?";
static const char sql_change[] =
	"UPDATE ship_to_addresses SET name = ?, contact = ?, phone = ?, "
	"address = ?, is_default = ?, version = version + 1 WHERE id = ? AND "
	"version = ? AND active = 1";
static const char sql_remove[] =
	"UPDATE ship_to_addresses SET active = 0, is_default = 0, version = "
	"version + 1 WHERE id = ? AND version = ? AND active = 1";

/* The dealer's book held for this transaction: 0, or -1. */
static int
book_hold(struct db *db, int64_t dealer)
{
	return db_execv(db, sql_book, NULL, "i", dealer) >= 1 ? 0 : -1;
}

/* The address by id again, as who reads it: 200/201 (st) with *out. */
static int
answer(struct db *db, const struct principal *who, int64_t id, int st,
    struct fault *f, cJSON **out)
{
	int	 rc = addresses_get(db, who, id, f, out);

	return rc == 200 ? st : rc;
}

/*
 * The same key met again: 200 with the address it made, 409 another
 * request; 0 the key is new.
 */
static int
replay(struct db *db, const struct principal *who, int64_t dealer,
    const char *key, const char *hash, struct fault *f, cJSON **out)
{
	char		 ref[32];
	int		 rc;

	if ((rc = db_replay(db, sql_replay, dealer, key, hash, ref,
	    sizeof(ref), "address", f)) != 200)
		return rc;
	return answer(db, who, strtoll(ref, NULL, 10), 200, f, out);
}

/*
 * What the audit log keeps of a change: each field sent, as it was (in
 * old; NULL for a new address) and as it is.
 */
static cJSON *
change_details(const struct address_in *in, const cJSON *old, int def)
{
	static const char *const names[] = { "name", "contact", "phone",
	    "address" };
	const char	*v[4] = { in->name, in->contact, in->phone,
	    in->address };
	cJSON		*d = cJSON_CreateObject();
	int		 i;

	for (i = 0; i < 4; i++)
		if (v[i] != NULL && old != NULL)
			audit_text(d, names[i], cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(old, names[i])),
			    v[i]);
		else if (v[i] != NULL)
			cJSON_AddStringToObject(d, names[i], v[i]);
	if (old != NULL && in->is_default >= 0)
		audit_bool(d, "is_default", cJSON_IsTrue(
		    cJSON_GetObjectItemCaseSensitive(old, "is_default")), def);
	else if (old == NULL)
		cJSON_AddBoolToObject(d, "is_default", def == 1);
	return d;
}

/*
 * Add in to its dealer's book as who, idempotent by in->key: 201 with
 * *out, 200 with it for a retry, or the refusal (409: the book is full,
 * or the key was used for another address).
 */
int
addresses_create(struct db *db, const struct principal *who,
    const struct address_in *in, struct fault *f, cJSON **out)
{
	struct db_stmt	*s;
	cJSON		*d;
	char		 hash[UTIL_SHA256_HEX];
	uint64_t	 id = 0;
	int64_t		 dealer, n = 0;
	int		 st, ok;

	*out = NULL;
	if (!http_idem_ok(in->key))
		fault_field(f, "Idempotency-Key", "required: 1 to 100 of "
		    "A-Z a-z 0-9 - _ . :");
	if (addresses_check(in, 1, f) == -1)
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if ((st = addresses_dealer(db, who, in->dealer, 1, &dealer, f)) != 0)
		return st;
	addresses_hash(in, dealer, hash);
	if ((st = replay(db, who, dealer, in->key, hash, f, out)) != 0)
		return st;
	if (db_begin(db) == -1)
		return 500;
	ok = book_hold(db, dealer) == 0 &&
	    (s = db_preparef(db, sql_count, "i", dealer)) != NULL &&
	    db_step(s) == DB_ROW;
	if (ok) {
		n = db_col_int(s, 0);
		db_stmt_release(s);
	}
	if (ok && n >= ADDRESSES_MAX) {
		db_rollback(db);
		return fault_set(f, 409, "limit_reached", "a dealer keeps at "
		    "most %d addresses: deactivate one first", ADDRESSES_MAX);
	}
	ok = ok && (in->is_default != 1 || db_execv(db, sql_undefault, NULL,
	    "ii", dealer, (int64_t)0) >= 0);
	ok = ok && db_execv(db, sql_insert, &id, "ittttiitt", dealer,
	    in->name, in->contact, in->phone, in->address,
	    (int64_t)(in->is_default == 1), who->user_id, in->key,
	    hash) == 1;
	d = change_details(in, NULL, in->is_default == 1);
	ok = ok && audit_write(db, who, "address_create", "ship_to_address",
	    (int64_t)id, dealer, d) == 0;
	cJSON_Delete(d);
	if (!ok || db_commit(db) == -1) {
		st = db_is_duplicate(db);
		db_rollback(db);
		/* the same key, committed meanwhile by a racer */
		if (st && (st = replay(db, who, dealer, in->key, hash, f,
		    out)) != 0)
			return st;
		return 500;
	}
	return answer(db, who, (int64_t)id, 201, f, out);
}

/*
 * A change's transaction begun, and the active address by id in who's
 * write scope in *old, with its dealer: 0, or the refusal (404: none
 * such, or deactivated) with nothing begun.
 */
static int
kept(struct db *db, const struct principal *who, int64_t id,
    struct fault *f, cJSON **old, int64_t *dealer)
{
	int	 found;

	*old = NULL;
	if (db == NULL)
		return 503;
	if (db_begin(db) == -1)
		return 500;
	if ((*old = addresses_load(db, who, id, 1, &found)) == NULL ||
	    !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(*old, "active"))) {
		db_rollback(db);
		if (*old == NULL && found)
			return 500;
		cJSON_Delete(*old);
		*old = NULL;
		return fault_set(f, 404, "not_found", "no such address");
	}
	*dealer = (int64_t)cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(*old, "dealer"));
	return 0;
}

/* s, or j's string member name when s is NULL. */
static const char *
str_or(const char *s, const cJSON *j, const char *name)
{
	return s != NULL ? s : cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(j, name));
}

/*
 * Change the address by id (what in sends; is_default true makes it the
 * dealer's default, moving it from another) if still at in->version:
 * 200 with *out, or the refusal (404 outside who's scope or deactivated,
 * 409 changed meanwhile).
 */
int
addresses_change(struct db *db, const struct principal *who, int64_t id,
    const struct address_in *in, struct fault *f, cJSON **out)
{
	cJSON		*old = NULL, *d;
	int64_t		 dealer, def;
	int		 st, ok, n = -1;

	*out = NULL;
	if (addresses_check(in, 0, f) == -1)
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	/* who's write scope, then the book, then the row if unchanged */
	if ((st = kept(db, who, id, f, &old, &dealer)) != 0)
		return st;
	def = in->is_default >= 0 ? in->is_default : cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(old, "is_default"));
	ok = book_hold(db, dealer) == 0 && (def != 1 || db_execv(db,
	    sql_undefault, NULL, "ii", dealer, id) >= 0);
	if (ok)
		n = db_execv(db, sql_change, NULL, "ttttiii",
		    str_or(in->name, old, "name"),
		    str_or(in->contact, old, "contact"),
		    str_or(in->phone, old, "phone"),
		    str_or(in->address, old, "address"), def, id,
		    in->version);
	d = change_details(in, old, (int)def);
	cJSON_Delete(old);
	ok = ok && n >= 0 && (n == 0 || audit_write(db, who, "address_change",
	    "ship_to_address", id, dealer, d) == 0);
	cJSON_Delete(d);
	if (!ok || n != 1 || db_commit(db) == -1) {
		db_rollback(db);
		if (ok && n == 0)
			return fault_set(f, 409, "conflict", "the address was "
			    "changed meanwhile; read it again");
		return 500;
	}
	return answer(db, who, id, 200, f, out);
}

/*
 * Deactivate the address by id (it is no longer offered, nor the
 * default; orders keep their copies) if still at version: 200 with *out,
 * or the refusal.
 */
int
addresses_remove(struct db *db, const struct principal *who, int64_t id,
    int64_t version, struct fault *f, cJSON **out)
{
	cJSON	*old;
	int64_t	 dealer;
	int	 st, n = -1;

	*out = NULL;
	if (version < 1 || version > INT32_MAX) {
		fault_field(f, "version", "the version you read");
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	/* who's write scope, then the book, then the row if unchanged */
	if ((st = kept(db, who, id, f, &old, &dealer)) != 0)
		return st;
	cJSON_Delete(old);
	if (book_hold(db, dealer) == 0)
		n = db_execv(db, sql_remove, NULL, "ii", id, version);
	if (n == 1 && audit_write(db, who, "address_remove",
	    "ship_to_address", id, dealer, NULL) == -1)
		n = -1;
	if (n != 1 || db_commit(db) == -1) {
		db_rollback(db);
		return n == 0 ? fault_set(f, 409, "conflict", "the address "
		    "was changed meanwhile; read it again") : 500;
	}
	return answer(db, who, id, 200, f, out);
}
