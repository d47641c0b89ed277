/*
 * complaints_figures_db.c: how complaints are answered, per region or per
 * dealer (GET /api/v1/complaints/figures?from=&to=&by=region|dealer, and
 * its page) over the complaints filed in [from, to] (China's dates), within the
 * caller's scope (staff only): filed, time to first response (median,
 * p90, in minutes), share answered within 24 hours, resolution rate
 * (resolved within target / filed), reopen rate, mean rating, escalated.
 * Counts are summed by SQL over the filed_at indexes; ratios are made
 * from the integers at the end.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../core/fault.h"
#include "complaints.h"

#define RANGE \
	" c.filed_at >= CAST(? AS DATE) - INTERVAL 8 HOUR AND c.filed_at < " \
	"CAST(? AS DATE) + INTERVAL 16 HOUR "
/* group, owner: the sums per group */
#define SUMS(grp, owner) \
	"SELECT " grp ", g.name_zh, g.name_en, COUNT(*), " \
	"SUM(c.first_responded_at IS NOT NULL AND c.first_responded_at <= " \
	"c.first_response_due), SUM(c.resolved_at IS NOT NULL AND " \
	"c.resolved_at <= c.resolution_due), SUM(c.reopen_count > 0), " \
	"COALESCE(SUM(c.rating), 0), COUNT(c.rating), " \
	"SUM(c.escalation_level > 0) FROM complaints c JOIN orgs g ON g.id = " \
	grp " WHERE " owner " AND" RANGE "GROUP BY " grp ", g.code, " \
	"g.name_zh, g.name_en ORDER BY g.code"
/* the same groups' first-response times, for the median and p90 */
#define TIMES(grp, owner) \
	"SELECT DISTINCT " grp ", PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER " \
	"BY TIMESTAMPDIFF(MINUTE, c.filed_at, c.first_responded_at)) OVER " \
	"(PARTITION BY " grp "), PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER " \
	"BY TIMESTAMPDIFF(MINUTE, c.filed_at, c.first_responded_at)) OVER " \
	"(PARTITION BY " grp ") FROM complaints c WHERE " owner " AND" RANGE \
	"AND c.first_responded_at IS NOT NULL"

#define PATHS(m, grp) { \
	m(grp, SCOPE_OWNER_ALL("c")), m(grp, SCOPE_OWNER_REGION("c")), \
	m(grp, SCOPE_OWNER_DEALER("c")), m(grp, SCOPE_OWNER_MANAGER("c")) }

static const char *const sql_sums[2][SCOPE__PATHS] = {
	PATHS(SUMS, "c.region_id"), PATHS(SUMS, "c.dealer_id"),
};
static const char *const sql_times[2][SCOPE__PATHS] = {
	PATHS(TIMES, "c.region_id"), PATHS(TIMES, "c.dealer_id"),
};

static double
ratio(int64_t num, int64_t den)
{
	return den > 0 ? (double)num / (double)den : 0;
}

static struct db_stmt *
bound(struct db *db, const char *sql, int64_t key, const char *from,
    const char *to)
{
	struct db_stmt	*s;

	if ((s = db_prepare(db, sql)) == NULL || db_bind_int(s, 0, key) ==
	    -1 || db_bind_text(s, 1, from) == -1 || db_bind_text(s, 2, to) ==
	    -1) {
		db_stmt_release(s);
		return NULL;
	}
	return s;
}

/* Put the median and p90 of each group's first responses into rows. */
static int
times(struct db *db, const char *sql, int64_t key, const char *from,
    const char *to, cJSON *rows)
{
	struct db_stmt	*s;
	cJSON		*it;
	int		 rc;

	if ((s = bound(db, sql, key, from, to)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW)
		cJSON_ArrayForEach(it, rows)
			if ((int64_t)cJSON_GetNumberValue(
			    cJSON_GetObjectItemCaseSensitive(it, "id")) ==
			    db_col_int(s, 0)) {
				cJSON_AddNumberToObject(it,
				    "first_response_median_minutes",
				    (double)db_col_int(s, 1));
				cJSON_AddNumberToObject(it,
				    "first_response_p90_minutes",
				    (double)db_col_int(s, 2));
			}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/*
 * The figures who may read, filed from..to (China's dates; NULL or "":
 * the last 30 days), by "region" or "dealer" (NULL: region staff see
 * dealers, HQ regions): 200 with them into *out, 403/422 in f, 500.
 */
int
complaints_figures_read(struct db *db, const struct principal *who,
    const char *lang, const char *from, const char *to, const char *by,
    struct fault *f, cJSON **out)
{
	char		 today[11], start[11];
	struct scope	 sc;
	struct db_stmt	*s;
	int64_t		 key, n, rated;
	enum scope_path	 path;
	cJSON		*j, *rows, *it;
	int		 dealer, rc;

	*out = NULL;
	if (who->kind == ORG_DEALER)
		return fault_set(f, 403, "forbidden", "figures are staff's");
	util_china_date(today, sizeof(today), 0);
	util_china_date(start, sizeof(start), -30);
	if (from == NULL || *from == '\0')
		from = start;
	if (to == NULL || *to == '\0')
		to = today;
	if (!util_date_ok(from))
		fault_field(f, "from", "YYYY-MM-DD");
	if (!util_date_ok(to) || strcmp(to, from) < 0)
		fault_field(f, "to", "YYYY-MM-DD, not before from");
	/* region staff see their dealers; HQ regions, or dealers if asked */
	dealer = by != NULL ? strcmp(by, "dealer") == 0 :
	    who->kind == ORG_REGION;
	if (by != NULL && !dealer && strcmp(by, "region") != 0)
		fault_field(f, "by", "region or dealer");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	scope_read(who, &sc);
	path = scope_path(&sc, &key);
	if ((s = bound(db, sql_sums[dealer][path], key, from, to)) == NULL)
		return 500;
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "from", from);
	cJSON_AddStringToObject(j, "to", to);
	cJSON_AddStringToObject(j, "by", dealer ? "dealer" : "region");
	rows = cJSON_AddArrayToObject(j, "rows");
	while ((rc = db_step(s)) == DB_ROW) {
		it = cJSON_CreateObject();
		n = db_col_int(s, 3);
		rated = db_col_int(s, 8);
		cJSON_AddNumberToObject(it, "id", (double)db_col_int(s, 0));
		cJSON_AddStringToObject(it, "name", db_col_text(s,
		    strcmp(lang, "en") == 0 ? 2 : 1, NULL));
		cJSON_AddNumberToObject(it, "filed", (double)n);
		cJSON_AddNumberToObject(it, "answered_within_24h",
		    (double)db_col_int(s, 4));
		cJSON_AddNumberToObject(it, "share_within_24h",
		    ratio(db_col_int(s, 4), n));
		cJSON_AddNumberToObject(it, "resolved_in_target",
		    (double)db_col_int(s, 5));
		cJSON_AddNumberToObject(it, "resolution_rate",
		    ratio(db_col_int(s, 5), n));
		cJSON_AddNumberToObject(it, "reopen_rate",
		    ratio(db_col_int(s, 6), n));
		if (rated > 0)
			cJSON_AddNumberToObject(it, "mean_rating",
			    ratio(db_col_int(s, 7), rated));
		else
			cJSON_AddNullToObject(it, "mean_rating");
		cJSON_AddNumberToObject(it, "escalated",
		    (double)db_col_int(s, 9));
		cJSON_AddItemToArray(rows, it);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR || times(db, sql_times[dealer][path], key, from, to,
	    rows) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	*out = j;
	return 200;
}
