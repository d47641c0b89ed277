/* inventory.h: stock per model and warehouse, from the ERP (DESIGN §6) */
#ifndef INVENTORY_INVENTORY_H
#define INVENTORY_INVENTORY_H

#include <stdint.h>

#include <cjson/cJSON.h>

struct db;
struct fault;
struct req;

#define INVENTORY_ROWS_MAX	1000	/* rows one snapshot may carry */
#define INVENTORY_UNITS_MAX	100000000

/* One row of the ERP's snapshot, checked (strings borrowed). */
struct inventory_row {
	const char	*model, *warehouse, *receipt, *as_of;
	int64_t		 on_hand, reserved, receipt_qty;
};

/* A warehouse, for the page's select. */
struct inventory_warehouse {
	char	 code[17];
	char	 name_zh[401], name_en[401];
};

/* inventory_db.c */
int	inventory_refs(struct db *, const char *, const char *, int64_t *,
	    int64_t *);
int	inventory_put(struct db *, int64_t, int64_t,
	    const struct inventory_row *);
int	inventory_list(struct db *, const char *, const char *, const char *,
	    const int64_t *, int, cJSON *);
int	inventory_warehouses(struct db *,
	    void (*)(const struct inventory_warehouse *, void *), void *);

/* inventory_ops.c: below both the JSON handler and the page */
int	inventory_find(struct db *, const char *, const char *, const char *,
	    const char *, int, cJSON *, struct fault *);
int	inventory_snapshot(struct db *, const struct inventory_row *, int,
	    int *, struct fault *);

/* inventory_http.c */
int	inventory_post(struct req *);
int	inventory_get(struct req *);

/* inventory_pages.c */
int	inventory_page_get(struct req *);

/* inventory_seed.c */
int	inventory_seed_demo(struct db *);

#endif
