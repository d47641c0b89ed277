/* invoices.h: invoices and credit notes as printable documents (issue #24) */
#ifndef INVOICES_INVOICES_H
#define INVOICES_INVOICES_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../auth/auth.h"
#include "../core/fault.h"
#include "../core/money.h"

struct db;
struct req;

/*
 * Who keeps a dealer's invoice profile: its admin, its chain's admin, and
 * at HQ the admin and the finance clerks (a region's clerk reads it).
 */
#define INVOICES_PROFILE_EDITORS \
	(ROLE_DEALER_ADMIN | ROLE_CHAIN_ADMIN | ROLE_ADMIN | ROLE_FINANCE_CLERK)
#define INVOICES_TAX_RATE	13	/* VAT, percent, on every line */
#define INVOICES_LINES_MAX	100	/* an order's lines (ORDER_LINES_MAX) */

/* One side of an invoice: the seller (the maker) or the buyer. */
struct invoices_party {
	char	 code[17];		/* the dealer's; "" for the seller */
	char	 name[801], name_en[801];
	char	 tax_number[19];	/* 统一社会信用代码; "" none yet */
	char	 address[1201], phone[33], bank_name[401], bank_account[41];
};

/* The dealer's profile as read: the buyer's side, and its version. */
struct invoices_profile {
	int64_t			 dealer;
	int64_t			 version;	/* 0: never kept */
	char			 updated_at[32];	/* "" never */
	struct invoices_party	 party;
};

/* A change as sent: NULL keeps a field, "" empties it. */
struct invoices_profile_in {
	const char	*tax_number, *address, *phone, *bank_name;
	const char	*bank_account;
	int64_t		 version;	/* the version read; -1 not sent */
};

/*
 * A line of a document.  quantity and the amounts carry the document's
 * sign (a credit note's, a reversal's are negative, as on a red-letter
 * invoice); the unit price is what one unit costs, tax included, >= 0.
 */
struct invoices_line {
	int	 no;			/* the order's line; 0: none */
	char	 product[33];		/* the model; "" none */
	char	 name[801], name_en[801];
	int64_t	 quantity, unit_price, amount, net, tax;	/* fen */
};

/* An invoice or credit note: a ledger entry with its lines. */
struct invoices_doc {
	int64_t			 id, dealer, amount, net, tax;	/* fen */
	int64_t			 reverses;	/* the entry undone; 0: none */
	char			 kind[16], posted_on[11], period[8];
	char			 source[12];	/* shipment, return, order,
						 * entry: where the lines are */
	char			 document[33];	/* the shipment's, the return's
						 * number; "" */
	char			 order_number[33], po_number[141];
	char			*reference, *memo;
	char			 words[MONEY_WORDS_MAX];	/* the total */
	struct invoices_party	 seller, buyer;
	struct invoices_line	*lines;
	size_t			 nlines;
};

/* invoices_rules.c: pure, unit-tested */
extern const struct invoices_party invoices_seller;
int	invoices_tax_number_ok(const char *);
int	invoices_profile_keeper(const struct principal *);
int	invoices_profile_check(const struct invoices_profile_in *, char *,
	    struct fault *);
void	invoices_split(int64_t, int64_t *, int64_t *);
int64_t	invoices_unit_price(int64_t, int64_t);
int	invoices_lines_settle(struct invoices_doc *);

/* invoices_profile_db.c: the buyer's profile, read and kept */
int	invoices_profile_load(struct db *, const struct principal *, int64_t,
	    int, struct invoices_profile *);
int	invoices_profile_read(struct db *, const struct principal *, int64_t,
	    struct fault *, struct invoices_profile *);
int	invoices_profile_change(struct db *, const struct principal *,
	    int64_t, const struct invoices_profile_in *, struct fault *,
	    struct invoices_profile *);

/* invoices_db.c: a document, read within the caller's scope */
void	invoices_doc_free(struct invoices_doc *);
int	invoices_read(struct db *, const struct principal *, int64_t,
	    struct fault *, struct invoices_doc *);

/* invoices_http.c */
cJSON	*invoices_party_json(const struct invoices_party *);
cJSON	*invoices_profile_json(const struct invoices_profile *);
cJSON	*invoices_doc_json(const struct invoices_doc *);
int	invoices_get_one(struct req *);
int	invoices_profile_get(struct req *);
int	invoices_profile_patch(struct req *);

/* invoices_seed.c */
int	invoices_seed_demo(struct db *);

/* invoices_pages.c */
int	invoices_page_get(struct req *);

/* invoices_profile_pages.c */
int	invoices_profile_page_get(struct req *);
int	invoices_profile_page_post(struct req *);

#endif
