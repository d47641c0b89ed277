/*
 * orders_ship.h: an order's shipments and returns (RMA), with their
 * invoices and credit notes; included by orders.h, whose types it uses
 */
#ifndef ORDERS_SHIP_H
#define ORDERS_SHIP_H

/* orders_ship_db.c: shipments */
struct ship_line {
	int64_t		 line, quantity;
};
struct orders_shipment_in {
	const struct ship_line	*lines;		/* NULL: the rest of each */
	int			 n;
	const char		*carrier, *waybill;
	const char		*shipped_on;	/* NULL: today (China's) */
	const char		*note;
	int64_t			 version;	/* ORDERS_VERSION_ANY: any */
	const char		*key, *hash;	/* Idempotency-Key, request */
};
/* One line of an order as it stands, and what a shipment or return takes. */
struct line_plan {
	int64_t	 no, quantity, shipped, returned, total;
	int64_t	 take, amount;
};
int	orders_lines_plan(struct db *, int64_t, struct line_plan *);
int	orders_lines_take(struct db *, const char *, int64_t,
	    const struct line_plan *, int);
int	orders_lines_insert(struct db *, const char *, int64_t, int64_t,
	    const struct line_plan *, int);
int	orders_ship_locked(struct db *, const struct order_locked *, int64_t,
	    const struct orders_shipment_in *, char *, size_t, struct fault *);
int	orders_ship_replay(struct db *, int64_t, const char *, const char *,
	    char *, size_t, struct fault *);

/* orders_ship_ops.c */
void	orders_check_lines(struct fault *, const struct ship_line *, int);
int	orders_ship(struct db *, const struct principal *, const char *,
	    const struct orders_shipment_in *, char *, size_t,
	    struct fault *);

/* orders_ship_http.c */
int	orders_json_lines(struct req *, struct ship_line *);
const char *orders_header_key(struct req *);
const cJSON *orders_shipment_find(const cJSON *, const char *);
int	orders_shipments_read(struct db *, const struct principal *,
	    const char *, const char *, struct fault *, cJSON **);
int	orders_shipments_post(struct req *);
int	orders_shipments_get(struct req *);

/* orders_ship_pages.c */
void	orders_ship_panel(struct req *, cJSON *, const cJSON *,
	    enum order_status);
int	orders_ship_page_post(struct req *, struct db *, const char *);
int	orders_form_lines(struct req *, struct ship_line *);

/* orders_return_db.c, orders_return_move_db.c: returns (RMA) */
#define RETURN_TAKERS	(ROLE_DEALER_BUYER | ROLE_CHAIN_BUYER)
#define RETURN_DECIDERS	(ROLE_REGION_APPROVER | ROLE_ACCOUNT_MANAGER | \
			 ROLE_HQ_KEY_ACCOUNT)
#define RETURN_RECEIVERS ORDER_TRACKERS
#define RETURN_READERS	ROLE_ANY
#define RETURN_TEXT_MAX	1000	/* characters of a reason */
#define RETURN_NUMBER_MAX 24	/* returns.number: VARCHAR(24) ascii */
struct orders_return_in {
	const struct ship_line	*lines;
	int			 n;
	const char		*reason;
	const char		*key, *hash;	/* Idempotency-Key, request */
};
int	orders_return_request(struct db *, const struct principal *,
	    const char *, const struct orders_return_in *, char *, size_t,
	    struct fault *);
enum return_act { RETURN_APPROVE, RETURN_REFUSE, RETURN_RECEIVE,
	RETURN_CANCEL, RETURN__MAX };
struct orders_return_act {
	enum return_act		 act;
	const char		*reason;	/* refuse: why */
	int64_t			 version;	/* ORDERS_VERSION_ANY: any */
};
int	orders_return_event(struct db *, int64_t, const char *, const char *,
	    const char *);
int	orders_return_move(struct db *, const struct principal *,
	    const char *, const struct orders_return_act *, struct fault *);
int	orders_return_act_parse(const char *, enum return_act *);

/* orders_return_read_db.c */
struct orders_returns_query {
	const char	*status;	/* NULL: any */
	int64_t		 after;		/* the last id seen, or 0 */
	int		 limit;
};
int	orders_return_read(struct db *, const struct principal *,
	    const char *, const char *, struct fault *, cJSON **);
int	orders_returns_read(struct db *, const struct principal *,
	    const struct orders_returns_query *, const char *, struct fault *,
	    cJSON **);

/* orders_return_http.c */
int	orders_returns_post(struct req *);
int	orders_returns_get(struct req *);
int	orders_return_get(struct req *);
int	orders_return_approve_post(struct req *);
int	orders_return_refuse_post(struct req *);
int	orders_return_receive_post(struct req *);
int	orders_return_cancel_post(struct req *);

/* orders_return_pages.c */
void	orders_return_panel(struct req *, cJSON *, const cJSON *,
	    enum order_status);
int	orders_return_order_post(struct req *, struct db *, const char *);
int	orders_returns_page_get(struct req *);
int	orders_return_page_get(struct req *);
int	orders_return_page_post(struct req *);

#endif
