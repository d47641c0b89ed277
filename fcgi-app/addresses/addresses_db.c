/*
 * addresses_db.c: reading a dealer's ship-to addresses, within the
 * caller's scope (404 outside it): the book and one address.  The
 * operations that change it are in addresses_write_db.c.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "../http/http.h"
#include "addresses.h"

#define ADDRESS_COLS \
	"a.id, a.dealer_id, a.name, a.contact, a.phone, a.address, " \
	"a.is_default, a.active, a.version, " \
	"DATE_FORMAT(a.created_at, '%Y-%m-%dT%H:%i:%sZ')"

/* one address, if the scope (5 parameters after its id) reaches it */
static const char sql_one[] =
	"SELECT " ADDRESS_COLS " FROM ship_to_addresses a JOIN orgs o ON "
	"o.id = a.dealer_id WHERE a.id = ? AND " SCOPE_SQL("o");
/* the book: at most ADDRESSES_MAX rows of (dealer_id, active, id) */
static const char sql_list[] =
	"SELECT " ADDRESS_COLS " FROM ship_to_addresses a WHERE "
	"a.dealer_id = ? AND a.active = 1 ORDER BY a.is_default DESC, "
	"a.name, a.id";

/* The address of a row of ADDRESS_COLS as the API shows it. */
static cJSON *
address_json(struct db_stmt *s)
{
	cJSON	*j = cJSON_CreateObject();

	json_put_num(j, "id", (double)db_col_int(s, 0));
	json_put_num(j, "dealer", (double)db_col_int(s, 1));
	json_put_str(j, "name", db_col_text(s, 2, NULL));
	json_put_str(j, "contact", db_col_text(s, 3, NULL));
	json_put_str(j, "phone", db_col_text(s, 4, NULL));
	json_put_str(j, "address", db_col_text(s, 5, NULL));
	cJSON_AddBoolToObject(j, "is_default", db_col_int(s, 6) != 0);
	cJSON_AddBoolToObject(j, "active", db_col_int(s, 7) != 0);
	json_put_num(j, "version", (double)db_col_int(s, 8));
	json_put_str(j, "created_at", db_col_text(s, 9, NULL));
	return j;
}

/*
 * The dealer whose book who reads (write: keeps), asked for as dealer (0:
 * the caller's own, which only a dealer's user has): 0 with *out, or the
 * refusal (422 none named, 404 out of reach).
 */
int
addresses_dealer(struct db *db, const struct principal *who, int64_t dealer,
    int write, int64_t *out, struct fault *f)
{
	struct scope	 sc;
	int		 rc;

	*out = 0;
	if (dealer == 0 && who->kind == ORG_DEALER)
		dealer = who->org_id;
	if (dealer <= 0 || dealer > (INT64_C(1) << 52)) {
		fault_field(f, "dealer", "the dealer's id");
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	if (db == NULL)
		return 503;
	scope_for(who, write, &sc);
	if ((rc = scope_dealer_reach(db, &sc, dealer)) == -1)
		return 500;
	if (rc == 0)
		return fault_set(f, 404, "not_found", "no such dealer");
	*out = dealer;
	return 0;
}

/*
 * The address by id if who's scope (write: to keep it) reaches it, or
 * NULL: *found 0 none, 1 an error.  Not locked: a change is conditional
 * on the version it read.
 */
cJSON *
addresses_load(struct db *db, const struct principal *who, int64_t id,
    int write, int *found)
{
	struct db_stmt	*s;
	struct scope	 sc;
	cJSON		*j = NULL;
	int		 rc;

	*found = 1;
	scope_for(who, write, &sc);
	if ((s = db_prepare(db, sql_one)) == NULL ||
	    db_bind_int(s, 0, id) == -1 || scope_bind(s, 1, &sc) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return NULL;
	}
	if (rc == DB_ROW)
		j = address_json(s);
	else
		*found = 0;
	db_stmt_release(s);
	return j;
}

/* GET one: 200 with *out, or the refusal (404 outside the scope). */
int
addresses_get(struct db *db, const struct principal *who, int64_t id,
    struct fault *f, cJSON **out)
{
	int	 found;

	if (db == NULL)
		return 503;
	if ((*out = addresses_load(db, who, id, 0, &found)) != NULL)
		return 200;
	return found ? 500 : fault_set(f, 404, "not_found",
	    "no such address");
}

/*
 * The dealer's active addresses, its default first, then by name:
 * 200 with *out ({dealer, items}), or the refusal.
 */
int
addresses_list(struct db *db, const struct principal *who, int64_t dealer,
    struct fault *f, cJSON **out)
{
	struct db_stmt	*s;
	cJSON		*items;
	int		 st, rc;

	*out = NULL;
	if ((st = addresses_dealer(db, who, dealer, 0, &dealer, f)) != 0)
		return st;
	if ((s = db_preparef(db, sql_list, "i", dealer)) == NULL)
		return 500;
	*out = cJSON_CreateObject();
	json_put_num(*out, "dealer", (double)dealer);
	items = cJSON_AddArrayToObject(*out, "items");
	while ((rc = db_step(s)) == DB_ROW)
		cJSON_AddItemToArray(items, address_json(s));
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(*out);
		*out = NULL;
		return 500;
	}
	return 200;
}
