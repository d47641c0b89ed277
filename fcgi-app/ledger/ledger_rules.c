/*
 * ledger_rules.c: which way each kind of entry moves a dealer's balance
 * (positive: the dealer owes).  Invoices and fees add to it; payments,
 * credit notes and rebates take from it; an adjustment goes either way.
 * Invoices are posted by shipping an order, never by hand.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"

/* May an entry of kind and amount be posted by hand?  1 yes, 0 no. */
int
ledger_kind_ok(const char *kind, int64_t amount)
{
	if (kind == NULL || amount == 0 || amount > LEDGER_MAX ||
	    amount < -LEDGER_MAX)
		return 0;
	if (strcmp(kind, "fee") == 0)
		return amount > 0;
	if (strcmp(kind, "payment") == 0 || strcmp(kind, "credit_note") == 0 ||
	    strcmp(kind, "rebate") == 0)
		return amount < 0;
	return strcmp(kind, "adjustment") == 0;
}

/* Fen as "-1234.50": the plain number a spreadsheet reads (CSV). */
void
ledger_yuan(int64_t fen, char *out, size_t size)
{
	uint64_t	 v = fen < 0 ? (uint64_t)(-(fen + 1)) + 1 : (uint64_t)fen;

	snprintf(out, size, "%s%llu.%02u", fen < 0 ? "-" : "",
	    (unsigned long long)(v / 100), (unsigned)(v % 100));
}

/* The month after p (a month) into out, "YYYY-MM". */
void
ledger_next_month(const char *p, char *out, size_t size)
{
	int	 y = atoi(p) % 10000, m = atoi(p + 5) % 100;

	if (++m > 12) {
		m = 1;
		y = (y + 1) % 10000;
	}
	snprintf(out, size, "%04d-%02d", y, m);
}

/*
 * Reconciling a statement: the status an action (confirm, dispute,
 * settle) moves it to from status, or NULL where it may not.  The dealer
 * confirms or disputes an open statement; a clerk settles a dispute.
 */
const char *
ledger_reconcile(const char *status, const char *action)
{
	static const char *const moves[][3] = {
		{ "open", "confirm", "confirmed" },
		{ "open", "dispute", "disputed" },
		{ "disputed", "settle", "resolved" },
	};
	size_t	 i;

	for (i = 0; status != NULL && action != NULL &&
	    i < sizeof(moves) / sizeof(moves[0]); i++)
		if (strcmp(moves[i][0], status) == 0 &&
		    strcmp(moves[i][1], action) == 0)
			return moves[i][2];
	return NULL;
}

static int
id_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * The disputed lines: a JSON array of 1 to max entry ids (positive
 * integers, no repeats) into ids, sorted.  Their number, or -1.
 */
int
ledger_lines_parse(const cJSON *a, int64_t *ids, int max)
{
	const cJSON	*e;
	int		 n = 0, i;

	if (!cJSON_IsArray(a))
		return -1;
	cJSON_ArrayForEach(e, a) {
		if (n == max || !cJSON_IsNumber(e) ||
		    !isfinite(e->valuedouble) || !(e->valuedouble >= 1 &&
		    e->valuedouble <= 9007199254740991.0) ||
		    e->valuedouble != (double)(int64_t)e->valuedouble)
			return -1;
		ids[n++] = (int64_t)e->valuedouble;
	}
	qsort(ids, (size_t)n, sizeof(ids[0]), id_cmp);
	for (i = 1; i < n; i++)
		if (ids[i] == ids[i - 1])
			return -1;
	return n > 0 ? n : -1;
}
