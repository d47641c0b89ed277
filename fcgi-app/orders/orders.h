/* orders.h: customised orders: submission, reading, listing */
#ifndef ORDERS_ORDERS_H
#define ORDERS_ORDERS_H

#include <stdint.h>

#include <cjson/cJSON.h>

struct db;
struct req;
struct scope;

#define ORDER_LINES_MAX	100
#define IDEM_KEY_MAX	100

/* orders_db.c */
cJSON	*orders_load(struct db *, const char *, int64_t, const struct scope *,
	    const char *, int *);
int	orders_list(struct db *, const struct scope *, const char *, int64_t,
	    int, const char *, cJSON *, int64_t *, int *);

/* orders_http.c */
int	orders_submit_post(struct req *);
int	orders_get_one(struct req *);
int	orders_list_get(struct req *);

#endif
