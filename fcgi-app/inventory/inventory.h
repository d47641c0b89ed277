/* inventory.h: stock per model and warehouse, from the ERP (DESIGN §6) */
#ifndef INVENTORY_INVENTORY_H
#define INVENTORY_INVENTORY_H

struct db;
struct req;

#define INVENTORY_ROWS_MAX	1000	/* rows one snapshot may carry */
#define INVENTORY_UNITS_MAX	100000000

/* inventory_http.c */
int	inventory_post(struct req *);
int	inventory_get(struct req *);

/* inventory_pages.c */
int	inventory_page_get(struct req *);

/* inventory_seed.c */
int	inventory_seed_demo(struct db *);

#endif
