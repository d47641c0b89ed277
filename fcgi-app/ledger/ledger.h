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

struct db;
struct fault;

/*
 * The domain operations and read models (ledger_*_db.c), below the JSON
 * handlers and the pages alike: no request, the caller's principal, and
 * a refusal in a struct fault.  Each returns the status it stands for
 * (200/201; 403/404/409/422 with the fault filled; 500; 503) and, on
 * 200/201, what it read or wrote in its last argument: a struct (its
 * _free() after).  The handlers build the API's JSON from the structs
 * (ledger_*_json()), the pages their context.
 */

/* ledger_db.c, ledger_inquiry_db.c: the entries */
struct ledger_posting {
	const char	*kind;		/* NULL: missing, or not a string */
	int64_t		 amount;	/* fen, signed */
	int		 amount_ok;	/* 0: missing or not a number of fen */
	const char	*reference;	/* NULL: missing */
	const char	*memo;		/* NULL: none */
};
struct ledger_entry {
	int64_t		 id, dealer, amount;	/* fen, signed */
	int64_t		 reverses;		/* the entry undone; 0: none */
	char		 kind[16], posted_on[11], period[8];
	char		*reference, *memo;
	char		 po_number[141];	/* an invoice's order's; "" */
};
/* A page of a dealer's account, newest entry first. */
struct ledger_account {
	int64_t			 dealer, balance;
	struct ledger_entry	*items;
	size_t			 n;
	int64_t			 next;	/* the next page's cursor; 0: none */
};
void	ledger_entry_free(struct ledger_entry *);
void	ledger_account_free(struct ledger_account *);
int	ledger_reach(struct db *, const struct principal *, int, int64_t,
	    struct fault *);
int	ledger_entries_read(struct db *, const struct principal *, int64_t,
	    const char *, const char *, int64_t, int, struct fault *,
	    struct ledger_account *);
int	ledger_post(struct db *, const struct principal *, int64_t,
	    const struct ledger_posting *, struct fault *,
	    struct ledger_entry *);
int	ledger_reverse(struct db *, const struct principal *, int64_t,
	    const char *, struct fault *, struct ledger_entry *);
int	ledger_insert(struct db *, int64_t, int64_t, const char *, int64_t,
	    const char *, const char *, int64_t, int64_t *);
int	ledger_audit_posting(struct db *, const struct principal *, int64_t,
	    int64_t, const char *, int64_t, const char *, const char *);
/* The fee inquiry: per period and kind, from month from to month to. */
struct ledger_fee {
	char		 period[8], kind[16];
	int64_t		 count, total;		/* fen */
};
struct ledger_fees {
	char			 from[8], to[8];
	struct ledger_fee	*rows;
	size_t			 n;
};
void	ledger_fees_free(struct ledger_fees *);
int	ledger_fees_read(struct db *, const struct principal *, int64_t,
	    const char *, const char *, struct fault *, struct ledger_fees *);
int	ledger_export_read(struct db *, int64_t, const char *, const char *,
	    int, void (*)(void *, const char *const *, int64_t), void *);

/* ledger_periods_db.c */
int	ledger_hold(struct db *);
int	ledger_close(struct db *, const struct principal *, const char *,
	    struct fault *, int64_t *);

/* ledger_statement_db.c: statements, a dealer's months, the overview */
struct ledger_statement_entry {
	int64_t		 id, amount;		/* fen */
	char		 kind[16], posted_on[11];
	char		*reference, *memo;
	char		 po_number[141];	/* an invoice's order's; "" */
	int		 disputed;		/* a line of its dispute */
};
struct ledger_dispute {
	char		*complaint, *reason, *filed_at, *resolution;
	char		*outcome, *resolved_at;	/* NULL: not settled */
	int64_t		 adjustment;		/* its entry; 0: none */
	int64_t		 adjustment_amount;	/* fen */
	char		 adjustment_period[8];
};
struct ledger_statement {
	int64_t		 dealer, id, opening, closing, total, version;
	char		 period[8], status[16];
	char		*dealer_code, *dealer_name;
	char		*confirmed_at;		/* NULL: not confirmed */
	int		 disputed;		/* dispute: 0 none */
	struct ledger_dispute		 dispute;
	struct ledger_statement_entry	*entries;
	size_t				 nentries;
};
void	ledger_statement_free(struct ledger_statement *);
int	ledger_statement_load(struct db *, int64_t, const char *, const char *,
	    struct ledger_statement *);
int	ledger_statement_read(struct db *, const struct principal *, int64_t,
	    const char *, const char *, struct fault *,
	    struct ledger_statement *);
/* A page of a dealer's months, newest first. */
struct ledger_month {
	int64_t		 id, opening, closing, entry_count;	/* fen */
	char		 period[8], status[16];
};
struct ledger_months {
	struct ledger_month	*items;
	size_t			 n;
	int64_t			 next;	/* the next page's cursor; 0: none */
};
void	ledger_months_free(struct ledger_months *);
int	ledger_months_read(struct db *, const struct principal *, int64_t,
	    int64_t, int, struct fault *, struct ledger_months *);
/* Who has reconciled a month: counts by status, per region, dealers. */
#define LEDGER_STATUSES	4
extern const char *const ledger_statuses[LEDGER_STATUSES];
struct ledger_region_tally {
	int64_t		 id;
	char		*code, *name;
	int64_t		 n[LEDGER_STATUSES];	/* by ledger_statuses */
};
struct ledger_overview_item {
	int64_t		 dealer, opening, closing, entry_count;	/* fen */
	char		*code, *name;
	char		 status[16];
};
struct ledger_overview {
	char				 period[8];	/* "": none closed */
	char				 last_closed[8];
	int				 by_region;	/* staff's */
	struct ledger_region_tally	*regions;
	size_t				 nregions;
	int64_t				 counts[LEDGER_STATUSES];
	struct ledger_overview_item	*items;
	size_t				 n;
	int64_t				 next;	/* the next page's cursor */
};
void	ledger_overview_free(struct ledger_overview *);
int	ledger_overview_read(struct db *, const struct principal *,
	    const char *, const char *, const char *, int64_t, int,
	    struct fault *, struct ledger_overview *);

/* ledger_reconcile_db.c: confirm, dispute, settle a statement */
struct ledger_settlement {
	const char	*outcome;	/* "adjust", "reject"; NULL: missing */
	int64_t		 amount;	/* fen, signed */
	int		 amount_rc;	/* 0 given, 1 absent, -1 not fen */
	const char	*reason;	/* NULL: missing */
};
int	ledger_confirm(struct db *, const struct principal *, int64_t,
	    const char *, int64_t, const char *, struct fault *,
	    struct ledger_statement *);
int	ledger_dispute(struct db *, const struct principal *, int64_t,
	    const char *, const int64_t *, int, const char *, int64_t,
	    const char *, struct fault *, struct ledger_statement *);
int	ledger_settle(struct db *, const struct principal *, int64_t,
	    const char *, const struct ledger_settlement *, const char *,
	    struct fault *, struct ledger_statement *);

/* ledger_periods_http.c */
int	ledger_close_post(struct req *);

/* ledger_statement_http.c */
cJSON	*ledger_statement_json(const struct ledger_statement *);
int	ledger_statement_answer(struct req *, int, struct ledger_statement *);
cJSON	*ledger_months_json(const struct ledger_months *);
int	ledger_statement_get(struct req *);
int	ledger_statements_get(struct req *);

/* ledger_overview_http.c */
cJSON	*ledger_overview_json(const struct ledger_overview *);
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
void	ledger_cursor_json(cJSON *, int64_t);
cJSON	*ledger_entry_json(const struct ledger_entry *);
cJSON	*ledger_account_json(const struct ledger_account *);
int	ledger_list_get(struct req *);
int	ledger_entry_post(struct req *);
int	ledger_reverse_post(struct req *);

/* ledger_pages.c */
void	ledger_money(cJSON *, const char *, const char *);
void	ledger_label(struct req *, cJSON *, const char *, const char *);
void	ledger_document(cJSON *);
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
int	ledger_allocate(struct db *, const struct principal *, int64_t,
	    struct ledger_alloc *, struct fault *);
/* What is open on an account: its invoices aged in LEDGER_BUCKETS. */
#define LEDGER_BUCKETS	4
extern const char *const ledger_buckets[LEDGER_BUCKETS];
struct ledger_open_item {
	int64_t		 id, amount, open, age_days;	/* fen, days */
	char		 posted_on[11];
	char		*reference;
	int		 bucket;		/* of ledger_buckets */
};
struct ledger_open_items {
	struct ledger_open_item	*invoices, *payments;
	size_t			 ninvoices, npayments;
	int64_t			 ageing[LEDGER_BUCKETS];	/* fen */
};
void	ledger_open_items_free(struct ledger_open_items *);
int	ledger_open_items_read(struct db *, const struct principal *, int64_t,
	    struct fault *, struct ledger_open_items *);

/* ledger_match_http.c */
void	ledger_allocation_hash(const char *, size_t, char *);
cJSON	*ledger_alloc_json(const struct ledger_alloc *);
cJSON	*ledger_open_items_json(const struct ledger_open_items *);
int	ledger_allocate_post(struct req *);
int	ledger_open_items_get(struct req *);

/* ledger_export_http.c */
int	ledger_export_get(struct req *);

/* ledger_fees_http.c */
cJSON	*ledger_fees_json(const struct ledger_fees *);
int	ledger_fees_get(struct req *);

/* ledger_seed.c */
int	ledger_seed_demo(struct db *);

#endif
