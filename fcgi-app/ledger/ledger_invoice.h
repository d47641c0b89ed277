/* ledger_invoice.h: what orders ask of the ledger (ledger_db.c) */
#ifndef LEDGER_LEDGER_INVOICE_H
#define LEDGER_LEDGER_INVOICE_H

#include <stdint.h>

struct db;

int	ledger_invoice_post(struct db *, int64_t, int64_t, const char *,
	    const char *, const char *, int64_t, int64_t *);
int	ledger_credit_note_post(struct db *, int64_t, int64_t, const char *,
	    const char *, const char *, int64_t, int64_t *);

#endif
