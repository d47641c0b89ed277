/*
 * providers_bench.c: the service network's bench set, `dealernetd seed
 * providers [--providers N] [--cities M]` (5,000 across 300 cities by
 * default)
 *
 * On top of the demo set (its 42 located region cities): M - 42 more
 * cities, each a point in China's south-east quarter, and N providers
 * PB00001 ... spread over the M cities in turn, each within about 11 km
 * of its city's centre, under the city's region (a made-up city's: one
 * of the 42 in turn), with a capacity of 5 to 20 and three of the five
 * product lines; the lines turn from one provider of a city to the next,
 * so that a city of five or more providers has every line.  Set-based
 * SQL over MariaDB's sequence tables, every value bound; runs once (it
 * does nothing when PB00001 exists).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/log.h"
#include "../db/db.h"
#include "providers.h"

#define PROVIDERS	5000
#define CITIES		300
#define MAX		99999	/* PB00001 ... PB99999 */

static const char sql_done[] =
	"SELECT COUNT(*) FROM orgs WHERE code = 'PB00001'";
/* the cities past the demo's 42 */
static const char sql_cities[] =
	"INSERT IGNORE INTO service_cities (city, lat_e6, lng_e6) "
	"SELECT CONCAT('服务城', LPAD(seq, 3, '0')), "
	"22000000 + (seq * 7919) % 12000 * 1000, "
	"104000000 + (seq * 104729) % 17000 * 1000 FROM seq_1_to_100000 "
	"WHERE seq <= ? - 42";
/* provider s in city s mod M (the cities in name order, the demo's too) */
static const char sql_orgs[] =
	"INSERT INTO orgs (kind, code, name_zh, name_en, region_id, city) "
	"SELECT 'provider', CONCAT('PB', LPAD(s.seq, 5, '0')), "
	"CONCAT(c.city, '家电服务网点', s.seq), CONCAT('Bench provider ', "
	"s.seq), COALESCE(rc.id, rr.id), c.city FROM seq_1_to_100000 s "
	"JOIN (SELECT city, ROW_NUMBER() OVER (ORDER BY city) - 1 AS rn "
	"FROM service_cities) c ON c.rn = s.seq % ? "
	"LEFT JOIN (SELECT city, MIN(id) AS id FROM orgs WHERE kind = "
	"'region' GROUP BY city) rc ON rc.city = c.city "
	"JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS rn FROM orgs "
	"WHERE kind = 'region') rr ON rr.rn = s.seq % 42 WHERE s.seq <= ?";
/* within +-0.1 degree of the city's centre */
static const char sql_profiles[] =
	"INSERT INTO providers (org_id, address, phone, lat_e6, lng_e6, "
	"capacity, days) SELECT o.id, CONCAT(o.city, '服务路', o.id, '号'), "
	"CONCAT('400-900-', LPAD(o.id % 10000, 4, '0')), "
	"c.lat_e6 + (o.id * 7919) % 200001 - 100000, "
	"c.lng_e6 + (o.id * 104729) % 200001 - 100000, 5 + o.id % 16, "
	"'mon,tue,wed,thu,fri,sat,sun' FROM orgs o JOIN service_cities c ON "
	"c.city = o.city WHERE o.kind = 'provider' AND o.code LIKE 'PB%'";
/* three lines from the (seq div M)-th on, in the lines' order */
static const char sql_areas[] =
	"INSERT INTO provider_areas (city, category_id, provider_id) "
	"SELECT o.city, k.id, o.id FROM orgs o JOIN (SELECT id, ROW_NUMBER() "
	"OVER (ORDER BY id) - 1 AS rn FROM categories) k ON (k.rn + 5 - "
	"(CAST(SUBSTRING(o.code, 3) AS UNSIGNED) DIV ?) % 5) % 5 < 3 "
	"WHERE o.kind = 'provider' AND o.code LIKE 'PB%'";

/* --name N into *v (1 to max): 0, or -1. */
static int
number(int argc, char **argv, int i, int64_t max, int64_t *v)
{
	char	*end;

	if (i + 1 >= argc)
		return -1;
	*v = strtoll(argv[i + 1], &end, 10);
	return *end == '\0' && *v >= 1 && *v <= max ? 0 : -1;
}

int
providers_bench_seed_cli(struct db *db, int argc, char **argv)
{
	struct db_stmt	*s;
	int64_t		 n = PROVIDERS, m = CITIES;
	int		 i, done;

	for (i = 1; i < argc; i += 2)
		if ((strcmp(argv[i], "--providers") == 0 ? number(argc, argv, i,
		    MAX, &n) : strcmp(argv[i], "--cities") == 0 ? number(argc,
		    argv, i, 999, &m) : -1) == -1) {
			fprintf(stderr, "usage: dealernetd seed providers "
			    "[--providers N] [--cities M]\n");
			return 2;
		}
	if (m < 42)
		m = 42;
	if ((s = db_prepare(db, sql_done)) == NULL ||
	    (done = db_step(s)) != DB_ROW) {
		db_stmt_release(s);
		return 1;
	}
	done = db_col_int(s, 0) > 0;
	db_stmt_release(s);
	if (done) {
		log_info("the bench service network is there already");
		return 0;
	}
	if (db_begin(db) == -1 ||
	    db_execv(db, sql_cities, NULL, "i", m) < 0 ||
	    db_execv(db, sql_orgs, NULL, "ii", m, n) != n ||
	    db_execv(db, sql_profiles, NULL, "") != n ||
	    db_execv(db, sql_areas, NULL, "i", m) != 3 * n ||
	    db_commit(db) == -1) {
		log_error("seeding the bench service network failed: %s",
		    db_errmsg(db));
		db_rollback(db);
		return 1;
	}
	log_info("bench service network: %lld providers across %lld cities",
	    (long long)n, (long long)m);
	return 0;
}
