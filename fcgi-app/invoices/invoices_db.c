/*
 * invoices_db.c: an invoice or a credit note as a document, read from the
 * ledger entry that posted it (never changed: entries are append-only),
 * within the caller's scope (404 outside it, and for any other kind of
 * entry).
 *
 * Its lines are those of what posted it, first found of:
 *   shipment  the shipment whose invoice it is (orders_ship_db.c): the
 *	       shipment's lines and their share of the order's frozen totals
 *   return    the return it credits (orders_return_move_db.c): the lines
 *	       received and what each credited
 *   order     an invoice posted before shipments were kept (the demo's,
 *	       migration 0054's): the order its reference names, every line
 *	       at its frozen total
 *   entry     anything else (a credit note a clerk posted): one line, the
 *	       entry's memo or reference, at the entry's amount
 * A reversal's lines are the entry's it reverses, with the sign turned.
 * Lines that do not add up to the entry (never seen) give way to the one
 * line of the last case, so a document always totals its entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "invoices.h"

/* the entry, and the one it reverses, if the scope (5 after id) reaches */
static const char sql_entry[] =
	"SELECT e.id, e.dealer_id, e.kind, e.amount, "
	"DATE_FORMAT(e.posted_on, '%Y-%m-%d'), e.period, e.reference, e.memo, "
	"COALESCE(e.reverses_id, 0), COALESCE(e.po_number, x.po_number, ''), "
	"COALESCE(x.reference, e.reference) "
	"FROM ledger_entries e JOIN orgs o ON o.id = e.dealer_id "
	"LEFT JOIN ledger_entries x ON x.id = e.reverses_id "
	"WHERE e.id = ? AND e.kind IN ('invoice', 'credit_note') AND "
	SCOPE_SQL("o");

#define LINE_COLS(n) \
	"ol.line_no, ol.product_code, COALESCE(p.name_zh, ''), " \
	"COALESCE(p.name_en, ''), " n
#define LINE_JOIN \
	" LEFT JOIN products p ON p.id = ol.product_id"
/*
 * The lines of whatever posted the entry by id (the 1st and 2nd ?), or
 * of the order its reference names (3rd, of the dealer, 4th, for an
 * invoice, 5th): each with its source (1 shipment, 2 return, 3 order),
 * the shipment's or return's number, the order's number and PO number.
 */
static const char sql_lines[] =
	"SELECT 1, s.number, o.number, COALESCE(o.po_number, ''), "
	LINE_COLS("sl.quantity, sl.amount") " FROM shipments s "
	"JOIN orders o ON o.id = s.order_id "
	"JOIN shipment_lines sl ON sl.shipment_id = s.id "
	"JOIN order_lines ol ON ol.order_id = sl.order_id AND "
	"ol.line_no = sl.line_no" LINE_JOIN " WHERE s.ledger_entry_id = ? "
	"UNION ALL "
	"SELECT 2, r.number, o.number, COALESCE(o.po_number, ''), "
	LINE_COLS("rl.quantity, rl.amount") " FROM returns r "
	"JOIN orders o ON o.id = r.order_id "
	"JOIN return_lines rl ON rl.return_id = r.id "
	"JOIN order_lines ol ON ol.order_id = rl.order_id AND "
	"ol.line_no = rl.line_no" LINE_JOIN " WHERE r.credit_entry_id = ? "
	"UNION ALL "
	"SELECT 3, '', o.number, COALESCE(o.po_number, ''), "
	LINE_COLS("ol.quantity, ol.line_total") " FROM orders o "
	"JOIN order_lines ol ON ol.order_id = o.id" LINE_JOIN
	" WHERE o.number = ? AND o.dealer_id = ? AND ? = 'invoice' "
	"ORDER BY 1, 5";

static const char *const sources[] = { "entry", "shipment", "return",
	"order" };

void
invoices_doc_free(struct invoices_doc *d)
{
	free(d->reference);
	free(d->memo);
	free(d->lines);
	d->reference = d->memo = NULL;
	d->lines = NULL;
	d->nlines = 0;
}

/*
 * The entry by id into d, and the reference of what it reverses (or its
 * own) into ref: 1 found in who's scope, 0 not, -1 an error.
 */
static int
entry(struct db *db, const struct principal *who, int64_t id,
    struct invoices_doc *d, char *ref, size_t size)
{
	struct db_stmt	*s;
	struct scope	 sc;
	int		 rc;

	scope_read(who, &sc);
	if ((s = db_prepare(db, sql_entry)) == NULL ||
	    db_bind_int(s, 0, id) == -1 || scope_bind(s, 1, &sc) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		d->id = db_col_int(s, 0);
		d->dealer = db_col_int(s, 1);
		db_col_copy(s, 2, d->kind, sizeof(d->kind));
		d->amount = db_col_int(s, 3);
		db_col_copy(s, 4, d->posted_on, sizeof(d->posted_on));
		db_col_copy(s, 5, d->period, sizeof(d->period));
		d->reference = strdup(db_col_text(s, 6, NULL));
		d->memo = strdup(db_col_text(s, 7, NULL));
		d->reverses = db_col_int(s, 8);
		db_col_copy(s, 9, d->po_number, sizeof(d->po_number));
		db_col_copy(s, 10, ref, size);
		if (d->reference == NULL || d->memo == NULL)
			rc = DB_ERROR;
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

/*
 * The lines of what posted d (or what d reverses; ref its reference),
 * each quantity and amount times sign, into d: 0, or -1 an error.  None
 * found (or too many) leaves d->nlines 0.
 */
static int
lines(struct db *db, struct invoices_doc *d, const char *ref, int sign)
{
	struct invoices_line	*l;
	struct db_stmt		*s;
	int64_t			 src = d->reverses != 0 ? d->reverses : d->id;
	int64_t			 first = 0, from;
	int			 rc;

	if ((d->lines = calloc(INVOICES_LINES_MAX, sizeof(*d->lines))) == NULL)
		return -1;
	if ((s = db_preparef(db, sql_lines, "iitit", src, src, ref, d->dealer,
	    d->kind)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		/* the first source's lines only, in order */
		if ((from = db_col_int(s, 0)) != first && first != 0)
			break;
		if (first == 0) {
			first = from;
			db_col_copy(s, 1, d->document, sizeof(d->document));
			db_col_copy(s, 2, d->order_number,
			    sizeof(d->order_number));
			if (*d->po_number == '\0')
				db_col_copy(s, 3, d->po_number,
				    sizeof(d->po_number));
		}
		if (d->nlines == INVOICES_LINES_MAX) {
			d->nlines = 0;
			break;
		}
		l = &d->lines[d->nlines++];
		l->no = (int)db_col_int(s, 4);
		db_col_copy(s, 5, l->product, sizeof(l->product));
		db_col_copy(s, 6, l->name, sizeof(l->name));
		db_col_copy(s, 7, l->name_en, sizeof(l->name_en));
		l->quantity = db_col_int(s, 8) * sign;
		l->amount = db_col_int(s, 9) * sign;
	}
	db_stmt_release(s);
	if (rc == DB_ERROR)
		return -1;
	snprintf(d->source, sizeof(d->source), "%s",
	    sources[d->nlines > 0 ? first : 0]);
	return 0;
}

/* d as one line of its own amount (the source "entry"). */
static int
one_line(struct invoices_doc *d)
{
	struct invoices_line	*l = &d->lines[0];

	memset(l, 0, sizeof(*l));
	d->nlines = 1;
	snprintf(d->source, sizeof(d->source), "entry");
	*d->document = '\0';
	snprintf(l->name, sizeof(l->name), "%s", *d->memo != '\0' ? d->memo :
	    d->reference);
	snprintf(l->name_en, sizeof(l->name_en), "%s", l->name);
	l->quantity = d->amount < 0 ? -1 : 1;
	l->amount = d->amount;
	return invoices_lines_settle(d);
}

/*
 * The invoice or credit note by ledger entry id, as who reads it: 200
 * with *out (its _free() after), or the refusal (404 outside who's scope
 * or not an invoice or credit note).
 */
int
invoices_read(struct db *db, const struct principal *who, int64_t id,
    struct fault *f, struct invoices_doc *out)
{
	struct invoices_profile	 buyer;
	char			 ref[260];
	int			 rc, sign;

	memset(out, 0, sizeof(*out));
	if (db == NULL)
		return 503;
	if ((rc = entry(db, who, id, out, ref, sizeof(ref))) != 1) {
		invoices_doc_free(out);
		return rc == -1 ? 500 : fault_set(f, 404, "not_found",
		    "no such invoice or credit note");
	}
	/* an invoice adds to what the dealer owes, a credit note takes off */
	sign = strcmp(out->kind, "invoice") == 0 ? 1 : -1;
	if (out->reverses != 0)
		sign = -sign;
	if (lines(db, out, ref, sign) == -1 ||
	    invoices_profile_load(db, who, out->dealer, 0, &buyer) != 1) {
		invoices_doc_free(out);
		return 500;
	}
	out->seller = invoices_seller;
	out->buyer = buyer.party;
	if ((out->nlines == 0 || invoices_lines_settle(out) == -1) &&
	    one_line(out) == -1) {
		invoices_doc_free(out);
		return 500;
	}
	return 200;
}
