/* ledger.h: the dealer's account: the append-only ledger (DESIGN §4) */
#ifndef LEDGER_LEDGER_H
#define LEDGER_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../auth/auth.h"

struct req;

#define LEDGER_POSTERS	(ROLE_FINANCE_CLERK | ROLE_ERP)
#define LEDGER_MAX	INT64_C(100000000000000)	/* fen per entry */
#define LEDGER_DISPUTE_LINES	100	/* lines one dispute names */

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

/* ledger_periods_http.c */
int	ledger_hold(struct db *);
int	ledger_close_post(struct req *);

/* ledger_statement_http.c */
int	ledger_statement_load(struct db *, int64_t, const char *, const char *,
	    cJSON **);
int	ledger_statement_read(struct req *, const char *, cJSON **);
int	ledger_statement_get(struct req *);
int	ledger_statements_get(struct req *);

/* ledger_overview_http.c */
int	ledger_last_closed(struct db *, char *, size_t);
int	ledger_overview_get(struct req *);

/* ledger_reconcile_http.c */
int	ledger_confirm_post(struct req *);
int	ledger_dispute_post(struct req *);
int	ledger_settle_post(struct req *);

/* ledger_rules.c: pure, unit-tested */
int	ledger_kind_ok(const char *, int64_t);
void	ledger_yuan(int64_t, char *, size_t);
void	ledger_next_month(const char *, char *, size_t);
const char *ledger_reconcile(const char *, const char *);
int	ledger_lines_parse(const cJSON *, int64_t *, int);

/* ledger_http.c */
int	ledger_dealer(struct req *, struct db *, int, int64_t *);
int	ledger_list_get(struct req *);
int	ledger_post(struct req *);
int	ledger_reverse_post(struct req *);
int	ledger_insert(struct db *, int64_t, int64_t, const char *, int64_t,
	    const char *, const char *, int64_t, int64_t *);

/* ledger_pages.c */
void	ledger_money(cJSON *, const char *, const char *);
void	ledger_label(struct req *, cJSON *, const char *, const char *);
int	ledger_page_get(struct req *);
int	ledger_own_page_get(struct req *);
int	ledger_page_post(struct req *);
int	ledger_allocate_page_post(struct req *);

/* ledger_statement_pages.c */
int	ledger_statement_page_get(struct req *);
int	ledger_statement_page_post(struct req *);

/* ledger_overview_pages.c */
int	ledger_overview_page_get(struct req *);
int	ledger_close_page_post(struct req *);
int	ledger_months_page_get(struct req *);

/* ledger_match_db.c: what is open on a payment or an invoice, and matching */
struct ledger_open {
	int	 found;		/* 0: not an entry that can be matched */
	int	 reversed;	/* 1: nor is it now */
	char	 side[8];	/* "invoice", "payment" */
	int64_t	 dealer, open;
};
struct ledger_alloc {
	int64_t		 id, dealer, payment, invoice, amount, actor;
	int64_t		 payment_open, invoice_open;	/* after it */
	const char	*key, *hash;
};
int	ledger_open_hold(struct db *, int64_t, struct ledger_open *);
int	ledger_open_allocate(struct db *, struct ledger_alloc *);
int	ledger_open_keyed(struct db *, int64_t, const char *,
	    struct ledger_alloc *, char *);
int	ledger_release(struct db *, int64_t, int64_t);

/* ledger_match_http.c */
int	ledger_allocate(struct req *, const char *);
int	ledger_allocate_post(struct req *);
int	ledger_open_items_get(struct req *);

/* ledger_export_http.c */
int	ledger_export_get(struct req *);

/* ledger_fees_http.c */
int	ledger_fees_get(struct req *);


#endif
