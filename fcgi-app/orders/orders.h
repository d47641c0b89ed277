/* orders.h: customised orders: submission, reading, listing */
#ifndef ORDERS_ORDERS_H
#define ORDERS_ORDERS_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "../auth/auth.h"
#include "../auth/scope.h"
#include "../catalogue/catalogue.h"
#include "../core/fault.h"

struct db;
struct req;
struct scope;
struct orders_idem;

enum order_status {
	ORDER_SUBMITTED, ORDER_APPROVED, ORDER_REJECTED, ORDER_ESCALATED,
	ORDER_SCHEDULED, ORDER_IN_PRODUCTION, ORDER_SHIPPED, ORDER_DELIVERED,
	ORDER_CLOSED, ORDER_CANCELLED, ORDER_AWAITING_RELEASE, ORDER_SENT_BACK,
	ORDER_WITHDRAWN, ORDER__MAX
};

/* what staff read of orders (auth/scope.h): only what a dealer released */
#define ORDERS_RELEASED(t)	SCOPE_RELEASED(t)

/* Who may do what to orders (within their scope). */
#define ORDER_TAKERS	(ROLE_DEALER_BUYER | ROLE_ACCOUNT_MANAGER | \
			 ROLE_CHAIN_BUYER)
#define ORDER_CANCELLERS (ORDER_TAKERS | ROLE_REGION_APPROVER | \
			  ROLE_HQ_KEY_ACCOUNT | ROLE_ADMIN)
#define ORDER_TRACKERS	(ROLE_ACCOUNT_MANAGER | ROLE_REGION_APPROVER | \
			  ROLE_HQ_KEY_ACCOUNT | ROLE_ERP | ROLE_ADMIN)

#define ORDER_LINES_MAX	100
#define ORDER_PO_MAX	35	/* characters of a PO number */
#define ORDER_SHIP_TO_MAX 900	/* characters: orders.ship_to (0058) */

/* orders_rules.c */
const char	*orders_status_name(enum order_status);
int		 orders_status_parse(const char *, enum order_status *);
int		 orders_can_move(enum order_status, enum order_status);
int		 orders_can_cancel(enum order_status, int);
int		 orders_is_tracking(enum order_status);
#define ORDER_QUANTITY_MAX	INT64_C(1000000)	/* units of one line */
int64_t		 orders_ship_amount(int64_t, int64_t, int64_t, int64_t);
int64_t		 orders_return_amount(int64_t, int64_t, int64_t, int64_t);
int		 orders_can_return(enum order_status);

/* orders_seed.c */
int	orders_seed_demo(struct db *);
int	orders_seed_year(struct db *);	/* orders_seed_year.c */

/* orders_store_db.c */
struct order_line_new {
	struct product		 p;
	int64_t			 quantity;
	char			*options;	/* JSON text, frozen */
	struct price_line	 price;
};
/* What a new order's answer needs besides what was sent (issue #22). */
struct order_made {
	int64_t		 version, total;
	char		 at[32];		/* created, DATETIME(6) text */
	char		 created_at[24];	/* ...T...Z */
	char		 at_china[20];		/* China's clock, to the minute */
	char		 dealer_zh[801], dealer_en[801];
	char		 actor[401];
	enum order_status status;		/* submitted, awaiting_release */
};
struct order_new {
	int64_t				 dealer, user;
	int				 customer;	/* by the dealer's side:
							 * its own limit holds */
	const char			*requested_date, *ship_to, *note;
	const char			*po_number;	/* NULL: none */
	const struct order_line_new	*lines;
	int				 n;
	struct order_made		*made;	/* NULL: not wanted */
};
void	orders_china_today(char *, size_t);
int	orders_insert(struct db *, const struct order_new *, char *, size_t,
	    int64_t *);

/*
 * What each model costs each dealer, per unit, from the lines of the
 * shipped orders after order id ? (the latest wins): for the seeds, which
 * write shipped orders directly.  Shipping one writes its own lines.
 */
/* What the order_docs triggers write of each timeline after order id
 * `after` (an SQL term), for the seeds that load with the triggers off
 * (bench_seed.c, orders_seed_year.c). */
#define ORDERS_TIMELINE_DOCS_SQL(after) \
	"INSERT INTO order_docs (order_id, timeline_json) SELECT e.order_id, " \
	"JSON_ARRAYAGG(JSON_OBJECT('at', DATE_FORMAT(e.at, " \
	"'%Y-%m-%dT%H:%i:%sZ'), 'status', e.status, 'note', e.note, " \
	"'carrier', e.carrier, 'waybill', e.waybill, 'actor', " \
	"u.display_name, 'at_china', DATE_FORMAT(e.at + INTERVAL 8 HOUR, " \
	"'%Y-%m-%d %H:%i')) ORDER BY e.id) FROM order_events e JOIN users u " \
	"ON u.id = e.actor_user_id WHERE e.order_id > " after " GROUP BY " \
	"e.order_id ON DUPLICATE KEY UPDATE timeline_json = " \
	"VALUES(timeline_json)"
#define ORDERS_COSTS_SQL \
	"INSERT INTO dealer_costs (dealer_id, product_id, unit_cost, " \
	"order_id) SELECT o.dealer_id, l.product_id, ROUND(l.line_total / " \
	"l.quantity), o.id FROM orders o JOIN order_lines l ON l.order_id = " \
	"o.id WHERE o.id > ? AND o.status IN ('shipped', 'delivered', " \
	"'closed') AND l.quantity > 0 ORDER BY o.id ON DUPLICATE KEY UPDATE " \
	"unit_cost = VALUES(unit_cost), order_id = VALUES(order_id)"

/* orders_docs.c */
int	orders_doc_add(cJSON *, const char *, const char *);
int	orders_doc_prices(cJSON *, const char *);

/*
 * The order list's page, newest first, in one variant per scope path
 * (see scope.h) so that each reads its own index: (dealer_id, id),
 * (region_id, id) or (region_id, status, id), or the primary key (with
 * (status, id) for a status).  The hints are there because the
 * optimizer, seeing "id < cursor ORDER BY id DESC LIMIT", prefers
 * walking the primary key and filtering, which reads 42 rows for every
 * row of a region's page (found by tests/index).  Both indexes carry
 * the columns shown (migration 0046), and the dealers' names are the
 * process's (org_names.c), so a page is one range scan of one index.
 * The cursor is the last id seen; dates are China's.  Parameters: the
 * scope's key, status twice, from twice, to twice, the cursor, the
 * limit.  The list (orders_db.c) reads it as it is; the export
 * (orders_export_db.c) reads it as a derived table with its lines.
 */
#define ORDERS_LIST_SQL(hint, owner) \
	"SELECT o.id, o.number, o.dealer_id, o.status, " \
	"o.total, o.requested_date, o.promised_date, " \
	"DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%sZ') AS created, " \
	"o.po_number FROM orders o " hint " WHERE " owner \
	" AND (? = '' OR o.status = ?) " \
	"AND (? = '' OR o.created_at >= CAST(? AS DATE) - INTERVAL 8 HOUR) " \
	"AND (? = '' OR o.created_at < CAST(? AS DATE) + INTERVAL 16 HOUR) " \
	"AND o.id < ? ORDER BY o.id DESC LIMIT ?"
/* A PO number, exactly (?po=, bound first): its unique key, then the scope. */
#define ORDERS_PO_SQL(owner) \
	ORDERS_LIST_SQL("FORCE INDEX (orders_po)", "o.po_number = ? AND " owner)
/*
 * The variants of a list statement: M(hint, owner) of each scope path
 * (staff's paths read only what the dealer released), staff's list of
 * one dealer (its index, what the dealer released), and of a PO number
 * P(owner) of each path and of one dealer (its own, staff's).
 */
#define ORDERS_LIST_PATHS(M) { \
	M("", SCOPE_OWNER_ALL("o") ORDERS_RELEASED("o")), \
	M("FORCE INDEX (orders_region, orders_region_status)", \
	    SCOPE_OWNER_REGION("o") ORDERS_RELEASED("o")), \
	M("FORCE INDEX (orders_dealer)", SCOPE_OWNER_DEALER("o")), \
	M("", SCOPE_OWNER_MANAGER("o") ORDERS_RELEASED("o")), \
	M("FORCE INDEX (orders_chain)", SCOPE_OWNER_CHAIN_ORDERS("o")) }
#define ORDERS_LIST_RELEASED(M) \
	M("FORCE INDEX (orders_dealer)", SCOPE_OWNER_DEALER("o") \
	    ORDERS_RELEASED("o"))
#define ORDERS_PO_PATHS(P) { \
	P(SCOPE_OWNER_ALL("o") ORDERS_RELEASED("o")), \
	P(SCOPE_OWNER_REGION("o") ORDERS_RELEASED("o")), \
	P(SCOPE_OWNER_DEALER("o")), \
	P(SCOPE_OWNER_MANAGER("o") ORDERS_RELEASED("o")), \
	P(SCOPE_OWNER_CHAIN_ORDERS("o")) }
#define ORDERS_PO_DEALER(P) { \
	P(SCOPE_OWNER_DEALER("o")), \
	P(SCOPE_OWNER_DEALER("o") ORDERS_RELEASED("o")) }
/* One statement of each variant (the tables above). */
struct orders_list_set {
	const char *const	*paths;		/* [SCOPE__PATHS] */
	const char		*released;
	const char *const	*po;		/* [SCOPE__PATHS] */
	const char *const	*po_dealer;	/* own, released */
};

/* orders_db.c */
cJSON	*orders_lines_again(const cJSON *);
cJSON	*orders_load(struct db *, const char *, int64_t, const struct scope *,
	    const char *, int *);
struct orders_filter {
	const char	*status;	/* "" for any */
	const char	*po;		/* a PO number, exactly; NULL: any */
	int64_t		 dealer;	/* 0 for all in scope */
	const char	*from, *to;	/* created, China's dates; "" open */
	int64_t		 before;	/* the cursor: ids below it */
	int		 limit;
};
struct db_stmt *orders_list_stmt(struct db *, const struct orders_list_set *,
	    const struct scope *, const struct orders_filter *);
int	orders_list(struct db *, const struct scope *,
	    const struct orders_filter *, const char *, cJSON *, int64_t *,
	    int *);
int64_t	orders_id_by_number(struct db *, const char *);
int	orders_read(struct db *, const struct principal *, const char *,
	    const char *, struct fault *, cJSON **);
struct orders_query {
	const char	*status, *dealer, *from, *to;	/* NULL: any */
	const char	*po;				/* NULL: any */
	int64_t		 after;		/* the cursor, 0: the start */
	int		 limit;
};
int	orders_filter_read(struct db *, const struct principal *,
	    const struct orders_query *, struct orders_filter *,
	    struct scope *, struct fault *);
int	orders_list_read(struct db *, const struct principal *,
	    const struct orders_query *, const char *, struct fault *,
	    cJSON **);

/* orders_move_db.c */
struct order_locked {
	int64_t			 id, version, dealer, total, region;
	int64_t			 created_by;
	enum order_status	 status;
	char			 number[32];
	char			 po_number[ORDER_PO_MAX * 4 + 1];	/* "": none */
};
struct order_move {
	enum order_status	 to;
	int64_t			 actor;
	const char		*note, *carrier, *waybill;
	const char		*promised;	/* a new promised date, or NULL */
	const char		*feed_type;	/* "order.approved" ... */
	int			 feed_reason;	/* the note goes to the feed */
	const char		*shipment;	/* shipped: the last shipment */
};
int	orders_lock(struct db *, const char *, const struct scope *,
	    struct order_locked *);
int	orders_move(struct db *, const struct order_locked *,
	    const struct order_move *);
int	orders_begin_locked(struct db *, const struct principal *,
	    const char *, struct order_locked *, struct fault *);
int	orders_timeline_add(struct db *, int64_t, int64_t, const char *,
	    const char *, const char *, const char *);
int	orders_feed_add(struct db *, const struct order_locked *,
	    const char *, const char *, const char *);

/* orders_move_db.c: cancelling and tracking */
#define ORDERS_VERSION_ANY	INT64_C(-1)	/* no version sent */
struct orders_event {
	const char	*status, *note, *carrier, *waybill;
	int64_t		 version;	/* ORDERS_VERSION_ANY: any */
};
int	orders_cancel(struct db *, const struct principal *, const char *,
	    int64_t, const char *, struct fault *);
int	orders_track(struct db *, const struct principal *, const char *,
	    const struct orders_event *, struct fault *);
void	orders_check_version(struct fault *, int64_t);
int	orders_check_length(struct fault *, const char *, const char *,
	    size_t, const char *);

/* orders_release_db.c: the dealer's own approval step */
struct orders_release_in {
	int		 send_back;	/* 0: release */
	const char	*note;		/* the reason, to send back */
	int64_t		 version;	/* ORDERS_VERSION_ANY: any */
};
int	orders_release(struct db *, const struct principal *, const char *,
	    const struct orders_release_in *, struct fault *);

/* orders_draft_csv.c: one typed row as a draft line */
int	orders_draft_row(struct fault *, struct db *, const char *, char *,
	    char *, char *, cJSON *);

/* orders_quick.c */
int	orders_quick_page_get(struct req *);
int	orders_quick_page_post(struct req *);

/* orders_templates_db.c, orders_templates_http.c: order templates */
int	orders_template_read(struct db *, const struct principal *, int64_t,
	    struct fault *, cJSON **);
int	orders_templates_list(struct db *, const struct principal *,
	    cJSON **);
int	orders_template_save(struct db *, const struct principal *,
	    const char *, const struct orders_idem *, int64_t *,
	    struct fault *);
int	orders_template_use(struct db *, const struct principal *, int64_t,
	    const struct orders_idem *, struct fault *);
int	orders_template_delete(struct db *, const struct principal *, int64_t,
	    int64_t, struct fault *);
int	orders_templates_get(struct req *);
int	orders_template_get(struct req *);
int	orders_templates_post(struct req *);
int	orders_template_draft_post(struct req *);
int	orders_template_delete_req(struct req *);
int	orders_templates_page_get(struct req *);
int	orders_templates_page_post(struct req *);

/* orders_limit_db.c: the dealer's (or chain's) own release limit */
#define ORDERS_LIMIT_MAX	INT64_C(100000000000)	/* fen: 1e9 yuan */
/*
 * The limit that holds for a dealer's row d with its chain's row x (a
 * LEFT JOIN): the lower of the two, a branch cannot raise its chain's;
 * NULL: none.
 */
#define ORDERS_RELEASE_LIMIT(d, x) \
	"LEAST(COALESCE(" d ".release_limit, " x ".release_limit), " \
	"COALESCE(" x ".release_limit, " d ".release_limit))"
int	orders_limit_read(struct db *, const struct principal *, cJSON **,
	    struct fault *);
int	orders_limit_of(struct db *, int64_t, int64_t *);
int	orders_limit_set(struct db *, const struct principal *, int64_t,
	    int64_t, struct fault *);

/* orders_release_http.c */
int	orders_release_post(struct req *);
int	orders_send_back_post(struct req *);
int	orders_limit_get(struct req *);
int	orders_limit_put(struct req *);

/* orders_limit_pages.c */
int	orders_limit_page_get(struct req *);
int	orders_limit_page_post(struct req *);

/* orders_track_http.c */
const char *orders_json_text(struct req *, const cJSON *, const char *,
	    const char *);
int64_t	orders_json_version(const cJSON *);
int	orders_cancel_post(struct req *);
int	orders_events_post(struct req *);

/* shipments and returns (RMA): orders_ship.h */
#include "orders_ship.h"

/* orders_deliveries_db.c */
struct orders_due_query {
	const char	*from, *to, *late, *after;	/* NULL: none */
	int		 limit;
};
int	orders_deliveries_read(struct db *, const struct principal *,
	    const struct orders_due_query *, const char *, struct fault *,
	    cJSON **);

/* The export of the orders due (orders_deliveries_page's cursor). */
struct orders_due_export {
	enum scope_path	 path;
	int64_t		 key;
	char		 from[11], to[11];
	int		 late, en;
	char		 adate[11];	/* the cursor: promised date, id */
	int64_t		 aid;
};
extern const char *const orders_deliveries_heads[];
int	orders_deliveries_export_open(const struct principal *,
	    const struct orders_due_query *, const char *, struct fault *,
	    struct orders_due_export *);
struct buf;
int	orders_deliveries_page(struct db *, struct buf *, void *);

/* orders_deliveries_http.c */
int	orders_deliveries_find(struct req *, cJSON **);
int	orders_deliveries_get(struct req *);

/* orders_export_db.c: the orders as CSV, one row per line */
struct orders_export {
	struct orders_filter	 filter;	/* .before: the cursor */
	struct scope		 scope;
	int			 en;		/* names in English */
};
extern const char *const orders_export_heads[];
int	orders_export_open(struct db *, const struct principal *,
	    const struct orders_query *, const char *, struct fault *,
	    struct orders_export *);
int	orders_export_page(struct db *, struct buf *, void *);

/* orders_export_http.c */
int	orders_export_get(struct req *);
int	orders_deliveries_export_get(struct req *);

/* orders_pages.c */
void	orders_page_money(cJSON *, const char *, const char *);
void	orders_page_options(struct req *, cJSON *);
void	orders_page_source(struct req *, cJSON *);
int64_t	 orders_page_id(const char *);
int	orders_page_get(struct req *);
int	orders_deliveries_page_get(struct req *);
int	orders_order_page_get(struct req *);
int	orders_order_page_post(struct req *);

/*
 * The approvals' part of the order page: their panel and their three
 * decisions; and of the draft, the credit it would use (issue #24).
 * routes.c fills it in, so that orders need not include approvals, which
 * include orders to move the order they decide.
 */
struct orders_approval_hooks {
	void	(*panel)(struct req *, struct db *, cJSON *, cJSON *);
	/* number, version, promised date, override reason */
	int	(*approve)(struct db *, const struct principal *, const char *,
		    int64_t, const char *, const char *, struct fault *);
	/* number, version, reason */
	int	(*reject)(struct db *, const struct principal *, const char *,
		    int64_t, const char *, struct fault *);
	int	(*escalate)(struct db *, const struct principal *,
		    const char *, int64_t, const char *, struct fault *);
	/*
	 * The dealer's credit and what the region's approval of an order of
	 * a value would meet now, as JSON: dealer, value (fen), language.
	 */
	int	(*outlook)(struct db *, const struct principal *, int64_t,
		    int64_t, const char *, struct fault *, cJSON **);
};
extern const struct orders_approval_hooks orders_approval;

/*
 * An idempotency key and what it covers: the hash of tag (may be NULL)
 * and the request's body.
 */
struct orders_idem {
	const char	*key;		/* NULL: none */
	const char	*tag;
	const char	*body;
	size_t		 len;
};

/* orders_draft_db.c */
struct draft_line {
	int64_t	 product_id;
	int64_t	 quantity;
	char	*options;	/* JSON text */
};
int	orders_draft_line_check(struct db *, struct fault *, const cJSON *,
	    const char *, struct draft_line *);
void	orders_draft_line_free(struct draft_line *);
int	orders_draft_hold(struct db *, int64_t);
int	orders_draft_lock(struct db *, int64_t, int *);
int	orders_draft_add(struct db *, int64_t, const cJSON *, const char *,
	    const int *, const struct orders_idem *, struct fault *);
struct draft_print {
	unsigned char	 sum[32];	/* SHA-256 of the lines as stored */
};
cJSON	*orders_draft_load(struct db *, int64_t, const char *, int,
	    const struct buyer *, int64_t *, struct draft_print *, int);

/* A submission's fields (orders_place); strings NULL when not sent. */
struct orders_order_in {
	int64_t		 dealer;	/* staff: the dealer ordered for */
	const char	*requested_date, *ship_to, *note;
	const char	*po_number;	/* the dealer's PO number; "": none */
	int64_t		 ship_to_address;	/* an address of the dealer's
						 * book; 0 none, -1 refused */
	int		 ship_to_again;	/* ship_to is an earlier order's */
	const cJSON	*lines;		/* [{product, quantity, options}] */
};


/* orders_draft_lines_db.c */
int	orders_draft_line_change(struct db *, const struct principal *,
	    int64_t, const cJSON *, struct fault *);
int	orders_draft_line_remove(struct db *, const struct principal *,
	    int64_t, struct fault *);

/* orders_draft_http.c */
int	orders_draft_read(struct db *, const struct principal *,
	    const char *, const char *, struct fault *, cJSON **, int64_t *);
int	orders_draft_submit(struct db *, const struct principal *,
	    const struct orders_order_in *, const struct orders_idem *,
	    const char *, struct fault *, cJSON **);
int	orders_draft_answer(struct req *, int, int);
int	orders_draft_add_key(struct req *, const char *, const char **);
int	orders_draft_get(struct req *);
int	orders_draft_lines_post(struct req *);
int	orders_draft_line_patch(struct req *);
int	orders_draft_line_delete(struct req *);
int	orders_draft_submit_post(struct req *);

/* orders_draft_credit_ops.c */
void	orders_draft_credit(struct db *, const struct principal *, int64_t,
	    const char *, cJSON *);

/* orders_draft_pages.c */
int	orders_draft_page_get(struct req *);
int	orders_draft_page_post(struct req *);
const char *orders_form_key(struct req *);
void	orders_idem_of(struct req *, const char *, struct orders_idem *);

/* orders_draft_csv.c */
int	orders_draft_csv_post(struct req *);
int	orders_draft_csv_add(struct db *, int64_t, const char *, size_t,
	    const struct orders_idem *, struct fault *);

/* orders_place_fields.c */
#define ORDER_WHERE_SIZE	2504	/* a ship_to made from an address */
int	orders_place_fields(struct db *, int64_t, struct orders_order_in *,
	    int, char *, size_t, struct fault *);

/* orders_place_db.c */
struct order_source {
	int64_t	 draft_user;	/* the draft emptied, 0: none */
	int64_t	 draft_upto;	/* its lines up to this id */
	struct draft_print print;	/* as they were read */
};
int	orders_place(struct db *, const struct principal *,
	    const struct orders_order_in *, const struct orders_idem *,
	    const struct order_source *, const char *, struct fault *,
	    cJSON **);

/* orders_http.c */
int	orders_answer(struct req *, const char *);
/* a read of one thing by the path's {number}, as orders_read() */
typedef int orders_read_fn(struct db *, const struct principal *,
	    const char *, const char *, struct fault *, cJSON **);
int	orders_read_answer(struct req *, orders_read_fn *);
void	orders_order_in_json(struct req *, struct orders_order_in *,
	    struct orders_idem *);
int	orders_submit_post(struct req *);
int	orders_reorder_post(struct req *);
int	orders_get_one(struct req *);
int	orders_list_find(struct req *, cJSON **);
int	orders_list_get(struct req *);

#endif
