/*
 * inventory_seed.c: the demo's stock: every active model in every warehouse, some
 * of it promised, some short with a receipt on the way.  Once.
 */
#include "../core/log.h"
#include "../db/db.h"
#include "inventory.h"

static const char *const steps[] = {
	"INSERT INTO inventory (product_id, warehouse_id, on_hand, reserved, "
	"next_receipt_on, next_receipt_qty, as_of) SELECT p.id, w.id, "
	"(p.id * 37 + w.id * 11) % 240, ((p.id * 37 + w.id * 11) % 240) * "
	"((p.id + w.id) % 4) DIV 10, IF((p.id + w.id) % 3 = 0, "
	"DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR) + INTERVAL 3 + (p.id + w.id) "
	"% 20 DAY, NULL), IF((p.id + w.id) % 3 = 0, 50 + (p.id * w.id) % 150, "
	"0), UTC_TIMESTAMP(6) FROM products p JOIN warehouses w WHERE "
	"p.active = 1",
};

int
inventory_seed_demo(struct db *db)
{
	if (db_seed_once(db, "SELECT 1 FROM inventory LIMIT 1", steps,
	    sizeof(steps) / sizeof(steps[0])) == -1) {
		log_error("cannot load the demo stock");
		return -1;
	}
	return 0;
}
