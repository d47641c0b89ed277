/*
 * rules.c: which way each kind of entry moves a dealer's balance
 * (positive: the dealer owes).  Invoices and fees add to it; payments,
 * credit notes and rebates take from it; an adjustment goes either way.
 * Invoices are posted by shipping an order, never by hand.
 */
#include <stdio.h>
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
