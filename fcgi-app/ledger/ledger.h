/* ledger.h: the dealer's account: the append-only ledger (DESIGN §4) */
#ifndef LEDGER_LEDGER_H
#define LEDGER_LEDGER_H

#include <stdint.h>

#include "../auth/auth.h"

struct req;

#define LEDGER_POSTERS	(ROLE_FINANCE_CLERK | ROLE_ERP)
#define LEDGER_MAX	INT64_C(100000000000000)	/* fen per entry */

/* rules.c: pure, unit-tested */
int	ledger_kind_ok(const char *, int64_t);

/* ledger_http.c */
struct db;
int	ledger_dealer(struct req *, struct db *, int, int64_t *);
int	ledger_list_get(struct req *);
int	ledger_post(struct req *);
int	ledger_reverse_post(struct req *);

/* pages_http.c */
int	ledger_page_get(struct req *);
int	ledger_own_page_get(struct req *);
int	ledger_page_post(struct req *);
int	ledger_allocate_page_post(struct req *);

/* match_http.c */
int	ledger_allocate_post(struct req *);
int	ledger_open_items_get(struct req *);

/* export_http.c */
int	ledger_export_get(struct req *);

/* fees_http.c */
int	ledger_fees_get(struct req *);


#endif
