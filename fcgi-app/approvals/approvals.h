/* approvals.h: review and approval of orders under credit control (§3.3) */
#ifndef APPROVALS_APPROVALS_H
#define APPROVALS_APPROVALS_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "../auth/auth.h"

struct db;
struct fault;
struct req;

#define APPROVERS	(ROLE_REGION_APPROVER | ROLE_HQ_KEY_ACCOUNT)
#define CREDIT_SETTERS	(ROLE_FINANCE_CLERK | ROLE_ADMIN)
/* the dealer's own people and its chain's: /my-credit (issue #24) */
#define CREDIT_HOLDERS	(ROLES_DEALER | ROLES_CHAIN)
#define APPROVAL_LATE_HOURS	24	/* waiting longer is flagged */
#define CREDIT_MAX	INT64_C(100000000000000) /* fen: ¥1,000,000,000,000 */
#define APPROVAL_WINDOW_MAX	720	/* hours a region's limit may span */

/*
 * Approved orders not yet invoiced: each shipment posts its invoice in
 * the transaction that ships it (orders_ship_db.c).
 */
#define CREDIT_OPEN_STATUSES	"('approved','scheduled','in_production')"
/*
 * What of an open order is not yet invoiced: its value less what its
 * shipments invoiced (orders.invoiced, migration 0054), which the ledger's
 * balance holds already.  x is the orders alias.
 */
#define CREDIT_OPEN_ORDER_VALUE(x)	"(" x ".total - " x ".invoiced)"
#define CREDIT_OPEN_VALUE(x)	"SUM" CREDIT_OPEN_ORDER_VALUE(x)

/* A dealer's credit position; money in fen. */
struct credit {
	int64_t	 limit;		/* the credit limit (0 without a row) */
	int64_t	 balance;	/* the ledger's sum: positive = owed */
	int64_t	 open;		/* approved orders not yet invoiced */
	int64_t	 version;	/* of the credit row (0: none yet) */
};

/* A region's approval limit as it applies to one dealer now. */
struct region_limit {
	int64_t	 limit;		/* fen, over the window */
	int64_t	 hours;		/* the window */
	int64_t	 recent;	/* approved by the region within it */
};

/* What a region approval of an order of value needs that it lacks. */
enum approval_block {
	APPROVAL_OVER_LIMIT	= 1 << 0,	/* recent + value > the limit */
	APPROVAL_OVER_CREDIT	= 1 << 1,	/* exposure after > credit */
};

/*
 * What a region's approval of an order of value would meet now (issue
 * #24): the dealer's position, the region's limit as it stands for the
 * dealer, and what approvals_blocks() says of value.
 */
struct approvals_outlook {
	struct credit	 credit;
	struct region_limit region;
	int64_t		 value;		/* fen; 0: no order */
	int64_t		 region_max;	/* the most the region approves */
	int		 blocks;	/* APPROVAL_OVER_* of value */
};

/* approvals_rules.c: pure, unit-tested */
int	approvals_decides(const struct principal *);
int64_t	approvals_credit_exposure(const struct credit *);
int64_t	approvals_credit_headroom_after(const struct credit *, int64_t);
int	approvals_blocks(const struct credit *, int64_t, int64_t, int64_t);
int64_t	approvals_region_max(const struct credit *, int64_t, int64_t);
void	approvals_outlook_figure(struct approvals_outlook *);

/* approvals_credit_db.c */
int	approvals_credit_read(struct db *, int64_t, int, struct credit *);
void	approvals_credit_money(cJSON *, const char *, int64_t);
void	approvals_credit_json(cJSON *, const struct credit *, int64_t);
int	approvals_credit_set(struct db *, int64_t, int64_t, int64_t, int64_t,
    int64_t *);
int	approvals_credit_region_limit(struct db *, int64_t, int64_t,
	    struct region_limit *);
int	approvals_credit_region_limit_set(struct db *, int64_t, int64_t,
	    int64_t, int64_t *, int64_t *);
int	approvals_seed_demo(struct db *);

/* approvals_history_db.c: a decision taken, as its row has it */
struct approvals_decision {
	const char	*decision;	/* "approved", "rejected", "escalated" */
	const char	*actor, *at_china, *reason;
	const char	*promised_date;	/* "" for none */
	int		 override;	/* HQ approved over the credit limit */
};
int	approvals_history(struct db *, const char *,
	    void (*)(void *, const struct approvals_decision *), void *);

/* approvals_decide_db.c: the decisions */
int	approvals_approve(struct db *, const struct principal *, const char *,
	    int64_t, const char *, const char *, struct fault *);
int	approvals_reject(struct db *, const struct principal *, const char *,
	    int64_t, const char *, struct fault *);
int	approvals_escalate(struct db *, const struct principal *,
	    const char *, int64_t, const char *, struct fault *);

/* approvals_decide_http.c */
int	approvals_approve_post(struct req *);
int	approvals_reject_post(struct req *);
int	approvals_escalate_post(struct req *);

/* approvals_queue_db.c */
int	approvals_queue_read(struct db *, const struct principal *,
	    const char *, const char *, int, const char *, struct fault *,
	    cJSON **);

/* approvals_queue_http.c */
int	approvals_queue_find(struct req *, cJSON **);
int	approvals_queue_get(struct req *);

/* approvals_limits_db.c: the positions and the two limits */
#define APPROVALS_VERSION_ANY	INT64_C(-1)	/* no version sent */
int	approvals_credit_dealer(struct db *, int64_t, const char *, cJSON *);
int	approvals_credit_position(struct db *, int64_t, const char *,
	    cJSON **);
int	approvals_credits_read(struct db *, const struct principal *, int64_t,
	    int, const char *, struct fault *, cJSON **);
int	approvals_credit_of(struct db *, const struct principal *, int64_t,
	    const char *, struct fault *, cJSON **);
int	approvals_credit_update(struct db *, const struct principal *,
	    int64_t, int64_t, int64_t, struct fault *);
int	approvals_region_limit_update(struct db *, const struct principal *,
	    int64_t, int64_t, int64_t, struct fault *);

/* approvals_limits_http.c */
int	approvals_credits_find(struct req *, cJSON **);
int	approvals_credits_get(struct req *);
int	approvals_credit_get(struct req *);
int	approvals_credit_put(struct req *);
int	approvals_region_limit_put(struct req *);

/* approvals_outlook_db.c: the dealer's side of its credit (issue #24) */
int	approvals_outlook_read(struct db *, const struct principal *,
	    int64_t, int64_t, struct fault *, struct approvals_outlook *);
void	approvals_outlook_json(cJSON *, const struct approvals_outlook *);
int	approvals_outlook_of(struct db *, const struct principal *, int64_t,
	    int64_t, const char *, struct fault *, cJSON **);
int	approvals_credit_orders_read(struct db *, const struct principal *,
	    int64_t, int64_t, int, struct fault *, cJSON **);

/* approvals_outlook_http.c */
int	approvals_credit_outlook_get(struct req *);
int	approvals_credit_orders_get(struct req *);

/* approvals_outlook_pages.c */
int	approvals_my_credit_page_get(struct req *);
int	approvals_my_credit_one_page_get(struct req *);

/* approvals_pages.c */
int	approvals_page_get(struct req *);
int	approvals_credits_page_get(struct req *);
int	approvals_credit_page_get(struct req *);
int	approvals_credit_page_post(struct req *);
int	approvals_region_limit_page_post(struct req *);
void	approvals_order_panel(struct req *, struct db *, cJSON *, cJSON *);

#endif
