/*
 * sellthrough_seed.c: a year of weekly sell-through for every dealer that
 * has none.  The demo's has a shape drawn from its seed (issue #25: the
 * seasons, regions, tiers and dealers in trouble, see demo_steps); the
 * benchmark's 5,000 get the plain one (steps): three models each, sales
 * with a season, stock that follows week to week (stock = last stock +
 * received - sold), revenue at a dealer's mark-up over our invoice price,
 * and category sales that put our share between 15 % and 45 %.  The
 * triggers of migration 0018 sum it into the months.
 */
#include "../core/log.h"
#include "../db/db.h"
#include "../db/db_demo.h"
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

/*
 * The demo's year has a shape (issue #25; the factors and the seed are
 * db_demo.c's demo_dealers and @demo_seed).  Units sold a week: the
 * dealer's base (3..8 a model) times its region's and tier's factors,
 * the season of the week's month (China's calendar: stocking up before
 * the New Year in January, the holiday's dip in February, the 618
 * promotion in June, Golden Week in October, Double 11 in November) and
 * a week's noise of +-15 %; a dealer in trouble sells 2 % less every
 * week from week 25.  The stock it aims at is cover tenths of a week of
 * its expected sales (more before 618 and Double 11; a dealer in trouble
 * 0.3 weeks more every week from week 17); it receives what brings it
 * there (never less than nothing), so stock = last stock + received -
 * sold holds week to week.  Its mark-up: its own, less in the promotions'
 * months, more around the New Year, shrinking for a dealer in trouble.
 */
#define D_SEASON "ELT(MONTH(" WEEK "), 125, 70, 90, 95, 108, 165, 100, 95, " \
	"105, 118, 175, 122)"
#define D_TREND	"IF(d.trouble, 100 - GREATEST(0, w.seq - 24) * 2, 100)"
#define D_BASE	"(d.base + " DEMO_HASH("'model', d.id, m.seq") " % 3)"
#define D_COVER	"(d.cover + IF(MONTH(" WEEK ") IN (5, 10), 4, 0) + " \
	"IF(d.trouble, GREATEST(0, w.seq - 16) * 3, 0))"
#define D_MARKUP "GREATEST(97, d.markup + ELT(MONTH(" WEEK "), 3, 2, 1, 0, " \
	"-1, -4, 0, 1, 2, 1, -5, 2) - IF(d.trouble, GREATEST(0, w.seq - 26) " \
	"DIV 3, 0))"
#define D_SHARE	"(18 + " DEMO_HASH("'share', dealer_id") " % 20 + " \
	"ELT(MONTH(period_start), 1, -3, 0, 0, 2, 8, 0, 0, 0, 2, 9, 3))"

static const char *const demo_steps[] = {
	"CREATE TEMPORARY TABLE demo_weeks (dealer_id BIGINT UNSIGNED NOT "
	"NULL, m TINYINT NOT NULL, w TINYINT NOT NULL, product_id BIGINT "
	"UNSIGNED NOT NULL, category_id BIGINT UNSIGNED NOT NULL, region_id "
	"BIGINT UNSIGNED NOT NULL, start DATE NOT NULL, sold INT NOT NULL, "
	"target INT NOT NULL, unit_cost BIGINT NOT NULL, markup INT NOT NULL, "
	"PRIMARY KEY (dealer_id, m, w))",
	"INSERT INTO demo_weeks SELECT d.id, m.seq, w.seq, p.id, "
	"p.category_id, d.region_id, " WEEK ", GREATEST(1, " D_BASE " * "
	D_SEASON " * d.rf * d.tf * " D_TREND " * (85 + "
	DEMO_HASH("'sold', d.id, m.seq, w.seq") " % 31) DIV 10000000000), "
	"GREATEST(1, " D_BASE " * " D_SEASON " * d.rf * d.tf * " D_TREND
	" * " D_COVER " DIV 1000000000), COALESCE(c.unit_cost, p.base_price), "
	D_MARKUP " FROM demo_dealers d JOIN seq_1_to_3 m JOIN (SELECT "
	"CAST(seq AS SIGNED) AS seq FROM seq_0_to_52) w JOIN (SELECT id, "
	"category_id, base_price, ROW_NUMBER() OVER (ORDER BY id) AS rn, "
	"COUNT(*) OVER () AS n FROM products WHERE active = 1) "
	"p ON p.rn = (d.id + m.seq * 7) % p.n + 1 LEFT JOIN dealer_costs c ON "
	"c.dealer_id = d.id AND c.product_id = p.id WHERE NOT EXISTS (SELECT "
	"1 FROM sellthrough x WHERE x.dealer_id = d.id)",
	"INSERT INTO sellthrough (dealer_id, region_id, product_id, "
	"category_id, period_start, period_end, received, sold, stock, "
	"revenue, unit_cost, reported_by) SELECT z.dealer_id, z.region_id, "
	"z.product_id, z.category_id, z.start, z.start + INTERVAL 6 DAY, "
	"z.received, z.sold, z.stock, z.sold * z.unit_cost * z.markup DIV "
	"100, z.unit_cost, @demo_erp FROM (SELECT y.*, y.t0 + SUM(IF(y.w = "
	"0, 0, y.received - y.sold)) OVER (PARTITION BY y.dealer_id, y.m "
	"ORDER BY y.w) AS stock FROM (SELECT t.*, GREATEST(0, t.sold + "
	"t.target - COALESCE(LAG(t.target) OVER (PARTITION BY t.dealer_id, "
	"t.m ORDER BY t.w), t.target)) AS received, FIRST_VALUE(t.target) "
	"OVER (PARTITION BY t.dealer_id, t.m ORDER BY t.w) AS t0 FROM "
	"demo_weeks t) y) z WHERE z.w >= 1 ORDER BY z.start, z.dealer_id, z.m",
	"INSERT INTO sellthrough_category (dealer_id, category_id, "
	"period_start, period_end, region_id, category_sales) SELECT "
	"dealer_id, category_id, period_start, MAX(period_end), region_id, "
	"SUM(revenue) * 100 DIV " D_SHARE " FROM sellthrough s WHERE NOT "
	"EXISTS (SELECT 1 FROM sellthrough_category x WHERE x.dealer_id = "
	"s.dealer_id) GROUP BY dealer_id, category_id, period_start, "
	"region_id",
	"DROP TEMPORARY TABLE demo_weeks",
};

/* The demo's year, once: not when any report exists. */
int
sellthrough_seed_demo(struct db *db)
{
	if (db_seed_once(db, "SELECT 1 FROM sellthrough LIMIT 1", demo_steps,
	    sizeof(demo_steps) / sizeof(demo_steps[0])) == -1) {
		log_error("cannot load the demo sell-through");
		return -1;
	}
	log_info("demo year: sell-through loaded");
	return 0;
}

/* A year for every dealer that has no report yet (the benchmark's: the
 * plain shape above, cheap for 5,000 dealers). */
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
