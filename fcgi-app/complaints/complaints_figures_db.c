/*
 * complaints_figures_db.c: how complaints are answered, per region or per
 * dealer (GET /api/v1/complaints/figures?from=&to=&by=region|dealer, and
 * its page) over the complaints filed in [from, to] (China's dates), within the
 * caller's scope (staff only): filed, time to first response (median,
 * p90, in minutes), share answered within 24 hours, resolution rate
 * (resolved within target / filed), reopen rate, mean rating, escalated.
 * Counts are summed by SQL over the filed_at indexes; the ratios are
 * made from the integers by whoever shows them (complaints_figures_json).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../core/fault.h"
#include "complaints.h"

#define RANGE \
	" c.filed_at >= CAST(? AS DATE) - INTERVAL 8 HOUR AND c.filed_at < " \
	"CAST(? AS DATE) + INTERVAL 16 HOUR "
/* group, owner, index hint: the sums per group */
#define SUMS(grp, owner, hint) \
	"SELECT " grp ", g.name_zh, g.name_en, COUNT(*), " \
	"SUM(c.first_responded_at IS NOT NULL AND c.first_responded_at <= " \
	"c.first_response_due), SUM(c.resolved_at IS NOT NULL AND " \
	"c.resolved_at <= c.resolution_due), SUM(c.reopen_count > 0), " \
	"COALESCE(SUM(c.rating), 0), COUNT(c.rating), " \
	"SUM(c.escalation_level > 0) FROM complaints c " hint " JOIN orgs g " \
	"ON g.id = " grp " WHERE " owner " AND" RANGE "GROUP BY " grp ", g.code, " \
	"g.name_zh, g.name_en ORDER BY g.code"
/* the same groups' first-response times, for the median and p90 */
#define TIMES(grp, owner, hint) \
	"SELECT DISTINCT " grp ", PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER " \
	"BY TIMESTAMPDIFF(MINUTE, c.filed_at, c.first_responded_at)) OVER " \
	"(PARTITION BY " grp "), PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER " \
	"BY TIMESTAMPDIFF(MINUTE, c.filed_at, c.first_responded_at)) OVER " \
	"(PARTITION BY " grp ") FROM complaints c " hint " WHERE " owner \
	" AND" RANGE \
	"AND c.first_responded_at IS NOT NULL"

/* HQ's: every complaint filed in the months asked, by the filing index
 * (that many rows is the report; tests/index knows it) */
#define PATHS(m, grp) { \
	m(grp, SCOPE_OWNER_ALL("c"), "FORCE INDEX (complaints_filed)"), \
	m(grp, SCOPE_OWNER_REGION("c"), ""), \
	m(grp, SCOPE_OWNER_DEALER("c"), ""), \
	m(grp, SCOPE_OWNER_MANAGER("c"), ""), \
	m(grp, SCOPE_OWNER_CHAIN("c"), "") }

static const char *const sql_sums_region[] = PATHS(SUMS, "c.region_id");
static const char *const sql_sums_dealer[] = PATHS(SUMS, "c.dealer_id");
static const char *const sql_times_region[] = PATHS(TIMES, "c.region_id");
static const char *const sql_times_dealer[] = PATHS(TIMES, "c.dealer_id");
SCOPE_PATHS_ALL(sql_sums_region);
SCOPE_PATHS_ALL(sql_sums_dealer);
SCOPE_PATHS_ALL(sql_times_region);
SCOPE_PATHS_ALL(sql_times_dealer);
static const char *const *const sql_sums[2] = {
	sql_sums_region, sql_sums_dealer,
};
static const char *const *const sql_times[2] = {
	sql_times_region, sql_times_dealer,
};

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

/* Put the median and p90 of each group's first responses into g. */
static int
times(struct db *db, const char *sql, int64_t key,
    struct complaints_figures *g)
{
	struct db_stmt	*s;
	size_t		 i;
	int		 rc;

	if ((s = bound(db, sql, key, g->from, g->to)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW)
		for (i = 0; i < g->n; i++)
			if (g->rows[i].id == db_col_int(s, 0)) {
				g->rows[i].timed = 1;
				g->rows[i].median = db_col_int(s, 1);
				g->rows[i].p90 = db_col_int(s, 2);
			}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/* One more row of g from s (names in lang): 0, or -1. */
static int
add_row(struct complaints_figures *g, struct db_stmt *s, const char *lang)
{
	struct complaints_figure	*more, *it;

	if ((more = realloc(g->rows, (g->n + 1) * sizeof(*more))) == NULL)
		return -1;
	g->rows = more;
	it = memset(&g->rows[g->n], 0, sizeof(*it));
	if ((it->name = strdup(db_col_text(s, strcmp(lang, "en") == 0 ? 2 :
	    1, NULL))) == NULL)
		return -1;
	g->n++;
	it->id = db_col_int(s, 0);
	it->filed = db_col_int(s, 3);
	it->answered = db_col_int(s, 4);
	it->resolved = db_col_int(s, 5);
	it->reopened = db_col_int(s, 6);
	it->rating_sum = db_col_int(s, 7);
	it->rated = db_col_int(s, 8);
	it->escalated = db_col_int(s, 9);
	return 0;
}

void
complaints_figures_free(struct complaints_figures *g)
{
	size_t	 i;

	for (i = 0; i < g->n; i++)
		free(g->rows[i].name);
	free(g->rows);
	g->rows = NULL;
	g->n = 0;
}

/*
 * The figures who may read, filed from..to (China's dates; NULL or "":
 * the last 30 days), by "region" or "dealer" (NULL: region staff see
 * dealers, HQ regions), names in lang: 200 with them into g (free it
 * with complaints_figures_free()), 403/422 in f, 500.
 */
int
complaints_figures_read(struct db *db, const struct principal *who,
    const char *lang, const char *from, const char *to, const char *by,
    struct fault *f, struct complaints_figures *g)
{
	char		 today[11], start[11];
	struct scope	 sc;
	struct db_stmt	*s;
	int64_t		 key;
	enum scope_path	 path;
	int		 rc;

	memset(g, 0, sizeof(*g));
	if (ORG_IS_CUSTOMER(who->kind))
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
	g->by_dealer = by != NULL ? strcmp(by, "dealer") == 0 :
	    who->kind == ORG_REGION;
	if (by != NULL && !g->by_dealer && strcmp(by, "region") != 0)
		fault_field(f, "by", "region or dealer");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	snprintf(g->from, sizeof(g->from), "%s", from);
	snprintf(g->to, sizeof(g->to), "%s", to);
	scope_read(who, &sc);
	path = scope_path(&sc, &key);
	if ((s = bound(db, sql_sums[g->by_dealer][path], key, g->from,
	    g->to)) == NULL)
		return 500;
	while ((rc = db_step(s)) == DB_ROW)
		if (add_row(g, s, lang) == -1) {
			rc = DB_ERROR;
			break;
		}
	db_stmt_release(s);
	if (rc == DB_ERROR || times(db, sql_times[g->by_dealer][path], key,
	    g) == -1) {
		complaints_figures_free(g);
		return 500;
	}
	return 200;
}
