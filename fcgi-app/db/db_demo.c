/*
 * db_demo.c: the demo year's shape (issue #25), shared by the features'
 * seeds that draw it (a library, so they need not include each other): the seed (@demo_seed, a session variable every demo step
 * hashes with the ids it draws for, so one seed always gives the same
 * rows), and each dealer's factors in a temporary table demo_dealers:
 *
 *   rf       its region's size, 70..140 %
 *   tf       its tier's weight: A 220 %, B 130 %, C 85 %, D 55 %
 *   cover    the stock it keeps, in tenths of a week of sales (region and
 *            dealer: 0.8 to 2.2 weeks)
 *   markup   its mark-up over our invoice price, 108..119 %
 *   quality  its region's service: the share of complaints resolved in
 *            time, 62..97 %
 *   trouble  four dealers (by the seed) whose sales fall and whose stock
 *            builds from spring: turnover days rising, margins shrinking,
 *            complaints overdue; they and two more pay late (late)
 *   quiet    D0001, D0002 and D0101: the tests' dealers keep only their
 *            own demo rows (no history of orders or complaints)
 *
 * Trouble is never put in R01 or R02, whose queues the tests read.
 */
#include <stdlib.h>

#include "../core/log.h"
#include "db.h"
#include "db_demo.h"

static const char *const steps[] = {
	"CREATE TEMPORARY TABLE IF NOT EXISTS demo_dealers (id BIGINT "
	"UNSIGNED NOT NULL PRIMARY KEY, region_id BIGINT UNSIGNED NOT NULL, "
	"chain_id BIGINT UNSIGNED NULL, tier CHAR(1) NOT NULL, city "
	"VARCHAR(100) NOT NULL, buyer BIGINT UNSIGNED NOT NULL, quiet TINYINT "
	"NOT NULL, calm TINYINT NOT NULL, trouble TINYINT NOT NULL, late "
	"TINYINT NOT NULL, rf INT NOT NULL, tf INT NOT NULL, cover INT NOT "
	"NULL, markup INT NOT NULL, quality INT NOT NULL, base INT NOT NULL)",
	"DELETE FROM demo_dealers",
	"SET @demo_erp = (SELECT id FROM users WHERE login = 'erp')",
	"INSERT INTO demo_dealers SELECT x.id, x.region_id, x.chain_id, "
	"x.tier, x.city, x.buyer, x.quiet, x.calm, x.calm = 0 AND x.rk <= 4, "
	"x.calm = 0 AND x.rk <= 6, x.rf, x.tf, x.cover, x.markup, x.quality, "
	"x.base FROM (SELECT d.id, d.region_id, d.chain_id, "
	"COALESCE(d.tier, 'D') AS tier, d.city, COALESCE((SELECT MIN(u.id) "
	"FROM users u WHERE u.org_id = d.id), @demo_erp) AS buyer, d.code IN "
	"('D0001', 'D0002', 'D0101') AS quiet, r.code IN ('R01', 'R02') AS "
	"calm, ROW_NUMBER() OVER (PARTITION BY r.code IN ('R01', 'R02') "
	"ORDER BY " DEMO_HASH("'trouble', d.id") ", d.id) AS rk, 70 + "
	DEMO_HASH("'region', r.id") " % 71 AS rf, CASE d.tier WHEN 'A' "
	"THEN 220 WHEN 'B' THEN 130 WHEN 'C' THEN 85 ELSE 55 END AS tf, 8 + "
	DEMO_HASH("'rcover', r.id") " % 8 + " DEMO_HASH("'cover', d.id")
	" % 7 AS cover, 108 + " DEMO_HASH("'markup', d.id") " % 12 AS "
	"markup, 62 + " DEMO_HASH("'quality', r.id") " % 36 AS quality, 3 + "
	DEMO_HASH("'base', d.id") " % 4 AS base FROM orgs d JOIN orgs r ON "
	"r.id = d.region_id WHERE d.kind = 'dealer') x",
};

/* The seed: --seed N, else $DEALERNET_DEMO_SEED, else DB_DEMO_SEED. */
int64_t
db_demo_seed_number(const char *arg)
{
	const char	*s = arg != NULL ? arg : getenv("DEALERNET_DEMO_SEED");
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return DB_DEMO_SEED;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < 0 || v > 2147483647LL)
		return -1;
	return (int64_t)v;
}

/* Before the demo's seeds, on their connection: the seed. */
int
db_demo_seed_set(struct db *db, int64_t seed)
{
	if (db_execv(db, "SET @demo_seed = ?", NULL, "i", seed) == -1) {
		log_error("cannot set the demo's seed");
		return -1;
	}
	return 0;
}

/* After the accounts: the dealers' factors (a temporary table). */
int
db_demo_shape(struct db *db)
{
	size_t	 i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (db_run(db, steps[i]) == -1) {
			log_error("cannot shape the demo year");
			return -1;
		}
	log_info("demo year: shaped");
	return 0;
}
