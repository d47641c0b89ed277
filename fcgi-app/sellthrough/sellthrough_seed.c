/*
 * sellthrough_seed.c: a year of plausible weekly sell-through for every dealer that
 * has none (the demo's, and the benchmark's 5,000), so the dashboard
 * shows real shapes: three models each, sales with a season, stock that
 * follows week to week (stock = last stock + received - sold), revenue at
 * a dealer's mark-up over our invoice price, and category sales that put
 * our share between 15 % and 45 %.  The triggers of migration 0018 sum it
 * into the months.
 */
#include "../core/log.h"
#include "../db/db.h"
#include "sellthrough.h"

/* week w.seq of 52, the last ending the Sunday before this week (China's) */
#define MONDAY	"(DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR) - INTERVAL " \
	"WEEKDAY(UTC_TIMESTAMP() + INTERVAL 8 HOUR) DAY - INTERVAL 52 WEEK)"
#define WEEK	"(" MONDAY " + INTERVAL (w.seq - 1) WEEK)"
/* units held at the end of week n: 10 to 14, moving by at most 4 */
#define STOCK(n) "(10 + (d.id + m.seq * 3 + (" n ")) % 5)"
/* units sold: a base by dealer and model, a summer and a new-year peak */
#define SOLD	"(4 + (d.id * 7 + m.seq * 13 + w.seq * 5) % 9 + " \
	"IF(w.seq BETWEEN 22 AND 32, 4, 0) + IF(w.seq >= 48, 3, 0))"

static const char *const steps[] = {
	"INSERT INTO sellthrough (dealer_id, region_id, product_id, "
	"category_id, period_start, period_end, received, sold, stock, "
	"revenue, unit_cost, reported_by) SELECT d.id, d.region_id, p.id, "
	"p.category_id, " WEEK ", " WEEK " + INTERVAL 6 DAY, " SOLD " + "
	STOCK("w.seq") " - " STOCK("w.seq - 1") ", " SOLD ", " STOCK("w.seq")
	", " SOLD " * COALESCE(c.unit_cost, p.base_price) * (110 + d.id % 16) "
	"DIV 100, COALESCE(c.unit_cost, p.base_price), (SELECT id FROM users "
	"WHERE login = 'erp') FROM orgs d JOIN seq_1_to_3 m JOIN seq_1_to_52 "
	"w JOIN (SELECT id, category_id, base_price, ROW_NUMBER() OVER (ORDER "
	"BY id) AS rn, COUNT(*) OVER () AS n FROM products WHERE active = 1) "
	"p ON p.rn = (d.id + m.seq * 7) % p.n + 1 LEFT JOIN dealer_costs c ON "
	"c.dealer_id = d.id AND c.product_id = p.id WHERE d.kind = 'dealer' AND "
	"NOT EXISTS (SELECT 1 FROM sellthrough x WHERE x.dealer_id = d.id)",
	"INSERT INTO sellthrough_category (dealer_id, category_id, "
	"period_start, period_end, region_id, category_sales) SELECT "
	"dealer_id, category_id, period_start, MAX(period_end), region_id, "
	"SUM(revenue) * 100 DIV (15 + "
	"dealer_id % 31) FROM sellthrough s WHERE NOT EXISTS (SELECT 1 FROM "
	"sellthrough_category x WHERE x.dealer_id = s.dealer_id) GROUP BY "
	"dealer_id, category_id, period_start, region_id",
};

/* The demo's year, once: not when any report exists. */
int
sellthrough_seed_demo(struct db *db)
{
	if (db_seed_once(db, "SELECT 1 FROM sellthrough LIMIT 1", steps,
	    sizeof(steps) / sizeof(steps[0])) == -1) {
		log_error("cannot load the demo sell-through");
		return -1;
	}
	return 0;
}

/* A year for every dealer that has no report yet (the benchmark's). */
int
sellthrough_seed_year(struct db *db)
{
	size_t	 i;

	if (db_begin(db) == -1)
		return -1;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (db_run(db, steps[i]) == -1) {
			db_rollback(db);
			return -1;
		}
	return db_commit(db);
}
