/*
 * kpi_board_counts.c: the dashboard's counts beside the figures, for whose
 * dealers (a kpi_own and its key): dealers by tier, orders late against
 * their promised date in the last 30 days, complaints past a clock now,
 * and for HQ the figures region by region.
 */
#include <stdio.h>
#include <string.h>

#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "kpi.h"

#define TIERS(owner) \
	"SELECT COALESCE(d.tier, '-'), COUNT(*) FROM orgs d WHERE d.kind = " \
	"'dealer' AND " owner " GROUP BY d.tier ORDER BY d.tier"
#define LATE(owner) \
	"SELECT COUNT(*) FROM orders o WHERE " owner " AND o.promised_date " \
	"BETWEEN ? AND ? AND o.status IN ('approved', 'scheduled', " \
	"'in_production', 'shipped')"
#define OVERDUE(owner) \
	"SELECT COUNT(*) FROM complaints c WHERE " owner " AND c.next_due < " \
	"UTC_TIMESTAMP(6)"
#define MANAGED(col) \
	col " IN (SELECT dealer_id FROM manager_dealers WHERE manager_id = ?)"

static const char *const tiers_sql[KPI_OWN__MAX] = {
	TIERS("? = 0"), TIERS("d.region_id = ?"), TIERS(MANAGED("d.id")),
	TIERS("d.id = ?"),
};
static const char *const late_sql[KPI_OWN__MAX] = {
	LATE("? = 0"), LATE("o.region_id = ?"), LATE(MANAGED("o.dealer_id")),
	LATE("o.dealer_id = ?"),
};
static const char *const overdue_sql[KPI_OWN__MAX] = {
	OVERDUE("? = 0"), OVERDUE("c.region_id = ?"),
	OVERDUE(MANAGED("c.dealer_id")), OVERDUE("c.dealer_id = ?"),
};
static const char sql_regions[] =
	"SELECT r.id, r.code, r.name_zh, r.name_en, SUM(k.stock_days), "
	"SUM(k.sold), SUM(k.revenue), SUM(k.cost), SUM(k.category_sales), "
	"SUM(k.complaints_filed), SUM(k.complaints_on_time) FROM "
	"kpi_region_month k JOIN orgs r ON r.id = k.region_id WHERE k.month "
	"BETWEEN ? AND ? "
	"GROUP BY r.id, r.code, r.name_zh, r.name_en ORDER BY r.code";

static int
count(struct db *db, const char *sql, const char *types, int64_t key,
    const char *a, const char *b, int64_t *n)
{
	struct db_stmt	*s;
	int		 ok;

	s = *types == 'i' && types[1] == '\0' ? db_preparef(db, sql, "i",
	    key) : db_preparef(db, sql, "itt", key, a, b);
	ok = s != NULL && db_step(s) == DB_ROW;
	*n = ok ? db_col_int(s, 0) : 0;
	db_stmt_release(s);
	return ok ? 0 : -1;
}

/* The counts of whose dealers into j: 0, or -1. */
int
kpi_board_counts(struct db *db, enum kpi_own own, int64_t key, cJSON *j)
{
	struct db_stmt	*s;
	char		 a[11], b[11];
	int64_t		 late, overdue;
	cJSON		*t;
	int		 rc;

	util_china_date(a, sizeof(a), -30);
	util_china_date(b, sizeof(b), -1);
	if (count(db, late_sql[own], "itt", key, a, b, &late) == -1 ||
	    count(db, overdue_sql[own], "i", key, NULL, NULL, &overdue) == -1)
		return -1;
	cJSON_AddNumberToObject(j, "late_orders", (double)late);
	cJSON_AddNumberToObject(j, "overdue_complaints", (double)overdue);
	t = cJSON_AddArrayToObject(j, "tiers");
	if ((s = db_preparef(db, tiers_sql[own], "i", key)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		cJSON *it = cJSON_CreateObject();

		cJSON_AddStringToObject(it, "tier", db_col_text(s, 0, NULL));
		cJSON_AddNumberToObject(it, "dealers", (double)db_col_int(s, 1));
		cJSON_AddItemToArray(t, it);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/* HQ's figures region by region, months from..to, into *out: 0, or -1. */
int
kpi_board_regions(struct db *db, const char *lang, const char *from,
    const char *to, cJSON **out)
{
	struct kpi_sums	 sums;
	struct db_stmt	*s;
	cJSON		*list, *it;
	int		 rc, en = strcmp(lang, "en") == 0;

	*out = NULL;
	if ((s = db_preparef(db, sql_regions, "tt", from, to)) == NULL)
		return -1;
	list = cJSON_CreateArray();
	while ((rc = db_step(s)) == DB_ROW) {
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "id", (double)db_col_int(s, 0));
		cJSON_AddStringToObject(it, "code", db_col_text(s, 1, NULL));
		cJSON_AddStringToObject(it, "name", db_col_text(s, en ? 3 : 2,
		    NULL));
		sums.stock_days = db_col_int(s, 4);
		sums.sold = db_col_int(s, 5);
		sums.revenue = db_col_int(s, 6);
		sums.cost = db_col_int(s, 7);
		sums.category_sales = db_col_int(s, 8);
		sums.filed = db_col_int(s, 9);
		sums.on_time = db_col_int(s, 10);
		kpi_figures(&sums, it);
		cJSON_AddItemToArray(list, it);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(list);
		return -1;
	}
	*out = list;
	return 0;
}
