/*
 * sellthrough_report_ops.c: storing a dealer's sell-through report, below
 * the JSON handlers (JSON, CSV) and the page's form.
 *
 * A row: model, period_start, period_end (a day or a week), received,
 * sold, stock (units), revenue and category_sales (fen; the dealer's
 * sales of the model's category, all brands).  A report is idempotent
 * per dealer, model and period: sent again the same it changes nothing;
 * sent with other figures it replaces the report and the earlier version
 * goes to the history.  Every row is checked, all go in or none: an
 * unknown model, a bad period, a negative or too large number, two
 * periods that overlap, or stock that does not follow from the stock of
 * the period just before (stock = last stock + received - sold; the next
 * period is checked against the new figures too) is a 422 naming the row
 * and the field, rows[i].field.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/auth.h"
#include "../auth/scope.h"
#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "sellthrough.h"

#define ERRORS_MAX	50	/* row errors named before giving up */

/* A row's field is wrong: rows[index].field (or the CSV's line). */
static void
row_error(struct fault *f, struct sellthrough_tally *t,
    const struct st_row *row, const char *field, const char *msg)
{
	char	 key[64];

	snprintf(key, sizeof(key), "rows[%d].%s", row->index, field);
	fault_field(f, key, msg);
	t->errors++;
}

/* The checks of a row that need no database: its period. */
static void
row_period(struct fault *f, struct sellthrough_tally *t, struct st_row *row,
    int64_t today)
{
	const char	*msg, *colon;
	char		 field[16];

	if (sellthrough_period_check(row->start, row->end, today, &msg) == 0) {
		row->first = util_date_days(row->start);
		row->last = util_date_days(row->end);
		return;
	}
	colon = strchr(msg, ':');
	snprintf(field, sizeof(field), "%.*s", (int)(colon - msg), msg);
	row_error(f, t, row, field, colon + 2);
}

/* Resolve the row's model: 0, 1 unknown (named), -1 error. */
static int
resolve(struct db *db, int64_t dealer, struct fault *f,
    struct sellthrough_tally *t, struct st_row *row)
{
	int	 rc;

	if ((rc = sellthrough_db_product(db, dealer, row)) == -1)
		return -1;
	if (rc == 0)
		row_error(f, t, row, "model", "no such model");
	return rc == 1 ? 0 : 1;
}

/*
 * Check row against the reports around it (an overlap; the stock of the
 * period just before): 0 fine, 1 named, -1 error.
 */
static int
neighbours(struct db *db, int64_t dealer, struct fault *f,
    struct sellthrough_tally *t, const struct st_row *row)
{
	char		 from[11], msg[160], day[11], s[11], e[11];
	int64_t		 last;
	int		 rc;

	util_days_date(row->first - 6, from, sizeof(from));
	if ((rc = sellthrough_db_overlap(db, dealer, row, from, s, e)) != 0) {
		if (rc == 1) {
			snprintf(msg, sizeof(msg), "overlaps the report of %s "
			    "to %s", s, e);
			row_error(f, t, row, "period_start", msg);
		}
		return rc;
	}
	/* a category's models come by the same periods: one figure each */
	if ((rc = sellthrough_db_category_overlap(db, dealer, row, from, s,
	    e)) != 0) {
		if (rc == 1) {
			snprintf(msg, sizeof(msg), "the category's sales are "
			    "reported for %s to %s: report its models by the "
			    "same periods", s, e);
			row_error(f, t, row, "period_end", msg);
		}
		return rc;
	}
	if ((rc = sellthrough_db_prev(db, dealer, row, &last, e)) == -1)
		return -1;
	util_days_date(row->first - 1, day, sizeof(day));
	/* only a period just before says what the stock was */
	if (rc == 1 && strcmp(e, day) == 0 && !sellthrough_stock_follows(last,
	    row->received, row->sold, row->stock)) {
		snprintf(msg, sizeof(msg), "must be %lld: the last stock %lld + "
		    "received %lld - sold %lld", (long long)(last +
		    row->received - row->sold), (long long)last,
		    (long long)row->received, (long long)row->sold);
		row_error(f, t, row, "stock", msg);
		return 1;
	}
	return 0;
}

/* Write row: new, replaced (its earlier version kept), or unchanged. */
static int
write_row(struct db *db, const struct principal *who, int64_t dealer,
    struct sellthrough_tally *t, const struct st_row *row)
{
	struct sellthrough_current	 c;
	int64_t				 had_sales = -1;
	int				 rc;

	if (sellthrough_db_category_sales(db, dealer, row, &had_sales) == -1 ||
	    (rc = sellthrough_db_current(db, dealer, row, &c)) == -1)
		return -1;
	if (rc == 1 && strcmp(c.end, row->end) == 0 &&
	    c.received == row->received && c.sold == row->sold &&
	    c.stock == row->stock && c.revenue == row->revenue &&
	    had_sales == row->category_sales) {
		t->unchanged++;
		return 0;
	}
	if (sellthrough_db_category_put(db, dealer, row) == -1)
		return -1;
	if (rc == 0) {
		t->created++;
		return sellthrough_db_insert(db, dealer, who->user_id, row);
	}
	t->changed++;
	return sellthrough_db_replace(db, c.id, c.version, who->user_id, row);
}

/*
 * After all rows are written: the period just after row, if reported,
 * must still follow from it.  0 fine, 1 named, -1 error.
 */
static int
next_follows(struct db *db, int64_t dealer, struct fault *f,
    struct sellthrough_tally *t, const struct st_row *row)
{
	char		 day[11], msg[160];
	int64_t		 fig[3];
	int		 rc;

	util_days_date(row->last + 1, day, sizeof(day));
	if ((rc = sellthrough_db_next(db, dealer, row, day, fig)) == -1)
		return -1;
	if (rc == 1 && !sellthrough_stock_follows(row->stock, fig[0], fig[1],
	    fig[2])) {
		snprintf(msg, sizeof(msg), "the report from %s no longer "
		    "follows from this stock: send it again too", day);
		row_error(f, t, row, "stock", msg);
		return 1;
	}
	return 0;
}

/*
 * A category's sales in a period are one figure, at least what our own
 * models of it sold: the rows of one report that share a category and a
 * period start agree on it and do not add up to more.
 */
static void
categories(struct fault *f, struct sellthrough_tally *t,
    const struct st_row *rows, int n)
{
	int64_t	 ours;
	char	 msg[120];
	int	 i, k;

	for (i = 0; i < n; i++) {
		ours = 0;
		for (k = 0; k < n; k++) {
			if (rows[k].category != rows[i].category ||
			    strcmp(rows[k].start, rows[i].start) != 0)
				continue;
			if (rows[k].category_sales != rows[i].category_sales &&
			    k < i) {
				snprintf(msg, sizeof(msg), "one figure for the "
				    "category and period: %lld in another row",
				    (long long)rows[k].category_sales);
				row_error(f, t, &rows[i], "category_sales", msg);
				break;
			}
			ours += rows[k].revenue;
		}
		if (k == n && ours > rows[i].category_sales) {
			snprintf(msg, sizeof(msg), "at least our models' revenue "
			    "in it, %lld", (long long)ours);
			row_error(f, t, &rows[i], "category_sales", msg);
		}
	}
}

static int
refuse(struct fault *f)
{
	return fault_set(f, 422, "validation_failed", "check the rows");
}

/*
 * Store rows[0..n-1] of dealer's report, all or none (the field errors f
 * already names refuse it too): 200 with *t, or 409, 422, 503, 500.
 */
int
sellthrough_store(struct db *db, const struct principal *who, int64_t dealer,
    struct st_row *rows, int n, struct sellthrough_tally *t, struct fault *f)
{
	char		 today[11];
	int		 i, rc = 0;

	memset(t, 0, sizeof(*t));
	util_china_date(today, sizeof(today), 0);
	for (i = 0; i < n; i++)
		if (rows[i].start[0] != '\0')
			row_period(f, t, &rows[i], util_date_days(today));
	if (fault_fields(f))
		return refuse(f);
	sellthrough_rows_order(rows, n);
	for (i = 1; i < n; i++)
		if (strcmp(rows[i].model, rows[i - 1].model) == 0 &&
		    rows[i].first <= rows[i - 1].last)
			row_error(f, t, &rows[i], "period_start", "overlaps "
			    "another row of this model");
	if (fault_fields(f))
		return refuse(f);
	if (db_begin(db) == -1)
		return 503;
	for (i = 0; i < n && rc != -1 && t->errors < ERRORS_MAX; i++)
		rc = resolve(db, dealer, f, t, &rows[i]);
	if (rc != -1 && t->errors == 0)
		categories(f, t, rows, n);
	/*
	 * Every row written first, then each checked against what is there
	 * now (its own report's other rows too), by locking reads: so a
	 * report may correct a chain of periods at once, and of two reports
	 * racing one waits for the other and sees it.
	 */
	for (i = 0; i < n && rc != -1 && t->errors == 0; i++)
		rc = write_row(db, who, dealer, t, &rows[i]);
	for (i = 0; i < n && rc != -1 && t->errors == 0; i++)
		rc = neighbours(db, dealer, f, t, &rows[i]);
	for (i = 0; i < n && rc != -1 && t->errors < ERRORS_MAX; i++)
		rc = next_follows(db, dealer, f, t, &rows[i]);
	if (rc == -1 || t->errors > 0 || db_commit(db) == -1) {
		db_rollback(db);
		if (t->errors > 0)
			return refuse(f);
		/* another report of the dealer got in first: send it again */
		return db_is_duplicate(db) || db_is_conflict(db) ?
		    fault_set(f, 409, "conflict",
		    "another report changed these figures meanwhile; send "
		    "again") : 500;
	}
	return 200;
}

/*
 * The dealer a report is for: the caller's own, or for the ERP the one
 * it names, id (0: none named), in its scope.  0 with *dealer, else the
 * status (403, 404, 422, 500).
 */
int
sellthrough_reporter(struct db *db, const struct principal *who, int64_t id,
    int64_t *dealer, struct fault *f)
{
	struct scope	 sc;
	int		 rc;

	if (who->kind == ORG_DEALER) {
		if (id != 0 && id != who->org_id)
			return fault_set(f, 404, "not_found", "no such dealer");
		*dealer = who->org_id;
		return 0;
	}
	if (!(who->roles & ROLE_ERP))
		return fault_set(f, 403, "forbidden", "dealers and the ERP "
		    "report sell-through");
	if (id == 0) {
		fault_field(f, "dealer", "required: the dealer's id");
		return refuse(f);
	}
	scope_write(who, &sc);
	if ((rc = scope_dealer_reach(db, &sc, id)) == -1)
		return 500;
	if (rc == 0)
		return fault_set(f, 404, "not_found", "no such dealer");
	*dealer = id;
	return 0;
}
