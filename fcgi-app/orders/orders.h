/* orders.h: customised orders: submission, reading, listing */
#ifndef ORDERS_ORDERS_H
#define ORDERS_ORDERS_H

#include <stdint.h>

#include <cjson/cJSON.h>

struct db;
struct req;
struct scope;

enum order_status {
	ORDER_SUBMITTED, ORDER_APPROVED, ORDER_REJECTED, ORDER_ESCALATED,
	ORDER_SCHEDULED, ORDER_IN_PRODUCTION, ORDER_SHIPPED, ORDER_DELIVERED,
	ORDER_CLOSED, ORDER_CANCELLED, ORDER__MAX
};

#define ORDER_LINES_MAX	100
#define IDEM_KEY_MAX	100

/* orders_rules.c */
const char	*order_status_name(enum order_status);
int		 order_status_parse(const char *, enum order_status *);
int		 order_can_move(enum order_status, enum order_status);
int		 order_can_cancel(enum order_status, int);
int		 order_is_tracking(enum order_status);

/* orders_db.c */
cJSON	*orders_load(struct db *, const char *, int64_t, const struct scope *,
	    const char *, int *);
int	orders_list(struct db *, const struct scope *, const char *, int64_t,
	    int, const char *, cJSON *, int64_t *, int *);

/* orders_track.c */
int	orders_cancel_post(struct req *);
int	orders_events_post(struct req *);

/* deliveries_http.c */
int	deliveries_get(struct req *);

/* pages_http.c */
int	orders_page_get(struct req *);
int	orders_order_page_get(struct req *);
int	orders_order_page_post(struct req *);

/* orders_http.c */
int	orders_submit_post(struct req *);
int	orders_get_one(struct req *);
int	orders_list_get(struct req *);

#endif
