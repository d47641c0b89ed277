/*
 * service_dispatch_bench.c: dealernetd seed service-bench [--providers N]
 * [--cities N]: the service network the dispatch benchmark runs over
 * (issue #21's speed: 5,000 providers across 300 cities).
 *
 * Cities BC0001... spread over China's latitudes and longitudes; provider
 * orgs BP00001... under the regions in turn, each in one city a few km
 * from its centre, serving about three of the five product lines, with a
 * capacity of 3 to 8.  Deterministic, and a second run adds nothing.
 * Set-based: a few statements over MariaDB's sequence tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "service_jobs.h"

#define MAX_ROWS	100000	/* seq_1_to_100000 */

static const char sql_cities[] =
	"INSERT IGNORE INTO service_cities (city, lat_e6, lng_e6) "
	"SELECT CONCAT('BC', LPAD(s.seq, 4, '0')), "
	"22000000 + (s.seq * 7919 % 2000) * 10000, "
	"100000000 + (s.seq * 104729 % 2400) * 10000 "
	"FROM seq_1_to_100000 s WHERE s.seq <= ?";
static const char sql_orgs[] =
	"INSERT INTO orgs (kind, code, name_zh, name_en, region_id, city) "
	"SELECT 'provider', CONCAT('BP', LPAD(s.seq, 5, '0')), "
	"CONCAT('基准服务商', s.seq), CONCAT('Bench provider ', s.seq), r.id, "
	"CONCAT('BC', LPAD(1 + s.seq % ?, 4, '0')) FROM seq_1_to_100000 s "
	"JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, "
	"COUNT(*) OVER () AS n FROM orgs WHERE kind = 'region') r "
	"ON r.k = s.seq % r.n WHERE s.seq <= ? AND NOT EXISTS (SELECT 1 "
	"FROM orgs o WHERE o.code = CONCAT('BP', LPAD(s.seq, 5, '0')))";
/* within about 10 km of the city's centre */
static const char sql_providers[] =
	"INSERT IGNORE INTO providers (org_id, lat_e6, lng_e6, capacity) "
	"SELECT o.id, c.lat_e6 + (o.id * 37 % 180000) - 90000, "
	"c.lng_e6 + (o.id * 53 % 180000) - 90000, 3 + o.id % 6 FROM orgs o "
	"JOIN service_cities c ON c.city = o.city WHERE o.kind = 'provider' "
	"AND o.code LIKE 'BP%'";
static const char sql_areas[] =
	"INSERT IGNORE INTO provider_areas (city, category_id, provider_id) "
	"SELECT o.city, g.id, o.id FROM orgs o JOIN categories g ON "
	"CRC32(CONCAT(o.code, '/', g.code)) % 5 < 3 WHERE o.kind = "
	"'provider' AND o.code LIKE 'BP%'";

/* --name N into *n, within 1..MAX_ROWS; -1 if it is not that */
static int
count_arg(const char *name, const char *v, int64_t *n)
{
	char	*end;

	*n = v != NULL ? strtoll(v, &end, 10) : 0;
	if (v == NULL || end == v || *end != '\0' || *n < 1 || *n > MAX_ROWS) {
		fprintf(stderr, "%s: 1 to %d\n", name, MAX_ROWS);
		return -1;
	}
	return 0;
}

int
service_dispatch_bench_seed(struct db *db, int argc, char **argv)
{
	int64_t	 providers = 5000, cities = 300;
	int	 i, ok;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--providers") == 0 && i + 1 < argc) {
			if (count_arg("--providers", argv[++i], &providers) ==
			    -1)
				return 2;
		} else if (strcmp(argv[i], "--cities") == 0 && i + 1 < argc) {
			if (count_arg("--cities", argv[++i], &cities) == -1)
				return 2;
		} else {
			fprintf(stderr, "usage: dealernetd seed service-bench "
			    "[--providers N] [--cities N]\n");
			return 2;
		}
	}
	if (cities > 9999) {
		fprintf(stderr, "--cities: 1 to 9999\n");
		return 2;
	}
	if (db_begin(db) == -1)
		return 1;
	ok = db_execv(db, sql_cities, NULL, "i", cities) >= 0 &&
	    db_execv(db, sql_orgs, NULL, "ii", cities, providers) >= 0 &&
	    db_execv(db, sql_providers, NULL, "") >= 0 &&
	    db_execv(db, sql_areas, NULL, "") >= 0;
	if (!ok || db_commit(db) == -1) {
		fprintf(stderr, "seed service-bench: %s\n", db_errmsg(db));
		db_rollback(db);
		return 1;
	}
	printf("{\"cities\":%lld,\"providers\":%lld}\n", (long long)cities,
	    (long long)providers);
	return 0;
}
