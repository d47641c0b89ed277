/*
 * orders_place_fields.c: a submission's fields checked, and where the
 * order goes: an address of the dealer's book copied (frozen), the typed
 * one, or the dealer's default
 */
#include <stdio.h>
#include <string.h>

#include "../addresses/addresses_ship_to.h"
#include "../core/util.h"
#include "orders.h"

_Static_assert(ORDER_WHERE_SIZE >= ADDRESS_TEXT_MAX + 304,
    "an address's text, \"; \" and a typed remark");

/* A PO number: 1 to 35 characters of UTF-8, no controls, not blank. */
static int
po_ok(const char *po)
{
	size_t	 i, n = strlen(po);

	for (i = 0; i < n; i++)
		if ((unsigned char)po[i] < 0x20 || po[i] == 0x7f)
			return 0;
	return n <= ORDER_PO_MAX * 4 && util_utf8_valid(po, n) &&
	    util_utf8_chars(po) <= ORDER_PO_MAX && !util_blank(po);
}

/* in's fields checked, into f. */
static void
check_fields(const struct orders_order_in *in, int n, struct fault *f)
{
	char	 today[11];

	if (n < 1 || n > ORDER_LINES_MAX)
		fault_field(f, "lines", "1 to 100 lines");
	orders_china_today(today, sizeof(today));
	if (in->requested_date == NULL || strlen(in->requested_date) > 10 ||
	    !util_date_ok(in->requested_date) ||
	    strcmp(in->requested_date, today) < 0)
		fault_field(f, "requested_date", "YYYY-MM-DD, today or "
		    "later");
	/*
	 * a typed address (an address's copy is the book's, checked there;
	 * an address not found has its own field error)
	 */
	if ((in->ship_to != NULL || in->ship_to_address == 0) &&
	    (in->ship_to == NULL || *in->ship_to == '\0' ||
	    (in->ship_to_again ? util_utf8_chars(in->ship_to) >
	    ORDER_SHIP_TO_MAX : strlen(in->ship_to) > 300)))
		fault_field(f, "ship_to", in->ship_to_address != 0 ? "at "
		    "most 300 characters" : "1 to 300 characters, or "
		    "ship_to_address");
	orders_check_length(f, "note", in->note, 1000,
	    "at most 1000 characters");
	if (in->po_number != NULL && !po_ok(in->po_number))
		fault_field(f, "po_number", "1 to 35 characters, printable");
}

/*
 * Where the order goes, into in->ship_to (text, ADDRESS_TEXT_MAX + 300):
 * the dealer's address in->ship_to_address copied (with a typed
 * ship_to after it as a remark), else the typed one, else the dealer's
 * default address if it has one.  0, or -1 (an error; a field error for
 * an address not the dealer's is in f).
 */
static int
ship_to(struct db *db, int64_t dealer, struct orders_order_in *in,
    char *text, size_t size, struct fault *f)
{
	char	 a[ADDRESS_TEXT_MAX];
	int	 rc;

	if (in->ship_to_address < 0) {
		fault_field(f, "ship_to_address", "an address id of the "
		    "dealer's book");
		return 0;
	}
	if (in->ship_to_address == 0 && in->ship_to != NULL)
		return 0;
	if ((rc = addresses_ship_to_text(db, dealer, in->ship_to_address, a,
	    sizeof(a))) == -1)
		return -1;
	if (rc == 0 && in->ship_to_address != 0)
		fault_field(f, "ship_to_address", "not one of the dealer's "
		    "addresses");
	if (rc == 0)
		return 0;
	if (in->ship_to != NULL && strlen(in->ship_to) > 300)
		return 0;	/* refused by check_fields */
	if (in->ship_to != NULL && *in->ship_to != '\0')
		snprintf(text, size, "%s; %s", a, in->ship_to);
	else
		snprintf(text, size, "%s", a);
	in->ship_to = text;
	in->ship_to_again = 1;	/* the book's, checked there */
	return 0;
}

/*
 * in's fields (n lines) checked into f, in->ship_to resolved into where
 * (ORDER_WHERE_SIZE) for the dealer, a PO number of "" made none.  0, or
 * -1 (an error).
 */
int
orders_place_fields(struct db *db, int64_t dealer, struct orders_order_in *in,
    int n, char *where, size_t size, struct fault *f)
{
	if (in->po_number != NULL && *in->po_number == '\0')
		in->po_number = NULL;
	if (ship_to(db, dealer, in, where, size, f) == -1)
		return -1;
	check_fields(in, n, f);
	return 0;
}
