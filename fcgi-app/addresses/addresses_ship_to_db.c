/*
 * addresses_ship_to_db.c: what orders ask of the address book: an
 * address's text, copied into an order when it is placed (so the order
 * keeps it whatever later happens to the address), and the dealer's
 * addresses to choose from on the draft.
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "addresses_ship_to.h"

/* id 0: the dealer's default */
static const char sql_text[] =
	"SELECT name, contact, phone, address FROM ship_to_addresses WHERE "
	"dealer_id = ? AND active = 1 AND (id = ? OR (? = 0 AND default_of = "
	"dealer_id))";
static const char sql_each[] =
	"SELECT id, name, contact, phone, address, is_default FROM "
	"ship_to_addresses WHERE dealer_id = ? AND active = 1 "
	"ORDER BY is_default DESC, name, id";

/* An address as an order keeps it: "name (contact, phone): address". */
static void
text_of(struct db_stmt *s, int col, char *out, size_t size)
{
	snprintf(out, size, "%s (%s, %s): %s", db_col_text(s, col, NULL),
	    db_col_text(s, col + 1, NULL), db_col_text(s, col + 2, NULL),
	    db_col_text(s, col + 3, NULL));
}

/*
 * The text of the dealer's active address id (0: its default) into out
 * (ADDRESS_TEXT_MAX): 1, 0 no such address of the dealer, -1 an error.
 */
int
addresses_ship_to_text(struct db *db, int64_t dealer, int64_t id, char *out,
    size_t size)
{
	struct db_stmt	*s;
	int		 rc;

	*out = '\0';
	if ((s = db_preparef(db, sql_text, "iii", dealer, id, id)) == NULL ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW)
		text_of(s, 0, out, size);
	db_stmt_release(s);
	return rc == DB_ROW;
}

/*
 * The dealer's active addresses, its default first, each to row(ctx, id,
 * name, text, is_default).  0 or -1.
 */
int
addresses_each(struct db *db, int64_t dealer, void (*row)(void *, int64_t,
    const char *, const char *, int), void *ctx)
{
	struct db_stmt	*s;
	char		 text[ADDRESS_TEXT_MAX];
	int		 rc;

	if ((s = db_preparef(db, sql_each, "i", dealer)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		text_of(s, 1, text, sizeof(text));
		row(ctx, db_col_int(s, 0), db_col_text(s, 1, NULL), text,
		    db_col_int(s, 5) != 0);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}
