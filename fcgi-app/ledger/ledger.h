/* ledger.h: the dealer's account: the append-only ledger (DESIGN §4) */
#ifndef LEDGER_LEDGER_H
#define LEDGER_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "../auth/auth.h"

struct req;

#define LEDGER_POSTERS	(ROLE_FINANCE_CLERK | ROLE_ERP)
#define LEDGER_MAX	INT64_C(100000000000000)	/* fen per entry */

/*
 * The period a posting lands in: this month (China's), or the month after
 * the last one closed if that is later.  Only after ledger_hold(), in the
 * same transaction, as the transaction's first plain read.
 */
#define LEDGER_PERIOD_SQL \
	"GREATEST(DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR, '%Y-%m'), " \
	"COALESCE((SELECT DATE_FORMAT(STR_TO_DATE(CONCAT(MAX(p.period), " \
	"'-01'), '%Y-%m-%d') + INTERVAL 1 MONTH, '%Y-%m') FROM periods p), " \
	"''))"

struct db;

/* periods_http.c */
int	ledger_hold(struct db *);
int	ledger_close_post(struct req *);
int	ledger_statement_get(struct req *);

/* rules.c: pure, unit-tested */
int	ledger_kind_ok(const char *, int64_t);
void	ledger_yuan(int64_t, char *, size_t);

/* ledger_http.c */
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
