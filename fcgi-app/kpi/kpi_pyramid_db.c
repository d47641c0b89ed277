/*
 * kpi_pyramid_db.c: whose dealers with the tier rule's two numbers
 * (kpi_tiers_db.c): value, the totals of its orders placed in the last
 * 12 months and shipped (shipped, delivered or closed), and potential,
 * its category sales of the last 12 months that were not ours; ranked by
 * value (desc, then id), its current tier beside.
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "kpi.h"

/* bound: from month ?, the owner's key ?, limit ? */
#define PYR(owner) \
	"SELECT d.id, d.code, d.name_zh, d.name_en, COALESCE(d.tier, ''), " \
	"COALESCE(v.value, 0), COALESCE(p.potential, 0) FROM orgs d LEFT " \
	"JOIN (SELECT dealer_id, SUM(total) AS value FROM orders WHERE " \
	"status IN ('shipped', 'delivered', 'closed') AND created_at >= " \
	"UTC_TIMESTAMP(6) - INTERVAL 12 MONTH GROUP BY dealer_id) v ON " \
	"v.dealer_id = d.id LEFT JOIN (SELECT dealer_id, GREATEST(0, " \
	"SUM(category_sales) - SUM(revenue)) AS potential FROM kpi_month " \
	"WHERE month >= ? GROUP BY dealer_id) p ON p.dealer_id = d.id WHERE " \
	"d.kind = 'dealer' AND " owner " ORDER BY COALESCE(v.value, 0) " \
	"DESC, d.id LIMIT ?"

static const char *const sql_pyramid[] = {
	PYR("? = 0"), PYR("d.region_id = ?"),
	PYR("d.id IN (SELECT dealer_id FROM manager_dealers WHERE "
	    "manager_id = ?)"),
	PYR("d.id = ?"), PYR("d.chain_id = ?"),
};
KPI_OWNERS_ALL(sql_pyramid);

/*
 * Whose dealers, at most limit, ranked, to fn (texts valid during the
 * call; names in lang), potential from month from: 0, or -1.
 */
int
kpi_pyramid_rows(struct db *db, enum kpi_own own, int64_t key,
    const char *from, const char *lang, int limit, kpi_pyr_fn *fn, void *arg)
{
	struct db_stmt		*s;
	struct kpi_pyr_row	 w;
	int			 rc, en = strcmp(lang, "en") == 0;

	if ((s = db_preparef(db, sql_pyramid[own], "tii", from, key,
	    (int64_t)limit)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		memset(&w, 0, sizeof(w));
		w.id = db_col_int(s, 0);
		w.code = db_col_text(s, 1, NULL);
		w.name = db_col_text(s, 2 + en, NULL);
		w.tier = db_col_text(s, 4, NULL);
		w.value = db_col_int(s, 5);
		w.potential = db_col_int(s, 6);
		if (fn(&w, arg) == -1) {
			rc = DB_ERROR;
			break;
		}
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}
