/*
 * home_dashboard.c: what the home page gathers for a dealer's user: its open
 * orders, its open complaints with their clocks, the news for it and the
 * promotions in force for its tier.
 */
#include <stdio.h>
#include <string.h>

#include "../catalogue/catalogue.h"
#include "../complaints/complaints.h"
#include "../core/money.h"
#include "../db/db.h"
#include "../http/http.h"
#include "../kpi/kpi.h"
#include "../news/news.h"
#include "home.h"

enum stmt { STMT_ORDERS, STMT_COMPLAINTS, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	/* on orders_dealer_status: only the open ones are read */
	"SELECT number, status, total, COALESCE(promised_date, '') FROM "
	"orders WHERE dealer_id = ? AND status IN ('submitted', 'approved', "
	"'escalated', 'scheduled', 'in_production', 'shipped') ORDER BY id "
	"DESC LIMIT 5",
	"SELECT number, subject, status, TIMESTAMPDIFF(MINUTE, "
	"UTC_TIMESTAMP(6), next_due) FROM complaints WHERE dealer_id = ? AND "
	"status <> 'resolved' ORDER BY next_due LIMIT 5",
};

static cJSON *
rows(struct req *r, struct db *db, enum stmt which)
{
	struct db_stmt	*s;
	cJSON		*list, *it;
	char		 text[96], key[48];
	long		 m;
	int		 rc;

	if ((s = db_prepare(db, stmts[which])) == NULL ||
	    db_bind_int(s, 0, r->who.org_id) == -1) {
		db_stmt_release(s);
		return NULL;
	}
	list = cJSON_CreateArray();
	while ((rc = db_step(s)) == DB_ROW) {
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "number", db_col_text(s, 0, NULL));
		if (which == STMT_ORDERS) {
			snprintf(key, sizeof(key), "orders_status_%s",
			    db_col_text(s, 1, NULL));
			cJSON_AddStringToObject(it, "status_label",
			    http_i18n(r, key));
			money_format(db_col_int(s, 2), text, sizeof(text));
			cJSON_AddStringToObject(it, "total_text", text);
			cJSON_AddStringToObject(it, "promised_date",
			    db_col_text(s, 3, NULL));
		} else {
			cJSON_AddStringToObject(it, "subject",
			    db_col_text(s, 1, NULL));
			snprintf(key, sizeof(key), "complaints_%s",
			    db_col_text(s, 2, NULL));
			cJSON_AddStringToObject(it, "status_label",
			    http_i18n(r, key));
			m = (long)db_col_int(s, 3);
			complaints_clock_text(r, m, text, sizeof(text));
			cJSON_AddStringToObject(it, "clock", text);
			if (m < 0)
				cJSON_AddBoolToObject(it, "overdue", 1);
		}
		cJSON_AddItemToArray(list, it);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(list);
		return NULL;
	}
	return list;
}

/* The dealer's tier, and what the next one needs, as its tier API says. */
static void
tier(struct req *r, struct db *db, cJSON *ctx)
{
	struct kpi_tier	 k;
	struct fault	 f = { 0 };
	const cJSON	*n;
	char		 text[32];
	cJSON		*t;

	/* without it the page still shows the rest */
	if (kpi_tier_read(db, &r->who, r->who.org_id, &k, &f) != 200) {
		fault_clear(&f);
		return;
	}
	t = kpi_tier_json(&k, r->lang);
	if (cJSON_IsObject(n = cJSON_GetObjectItemCaseSensitive(t, "next"))) {
		money_format((int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(n, "gap")), text,
		    sizeof(text));
		cJSON_AddStringToObject((cJSON *)n, "gap_text", text);
	}
	cJSON_AddItemToObject(ctx, "tier", t);
}

/* Into ctx: what a dealer's user sees first; 0, or -1 on an error. */
int
home_dashboard(struct req *r, cJSON *ctx)
{
	struct db	*db;
	cJSON		*o, *c, *n, *p, *it;
	char		 text[32];

	if (r->who.kind != ORG_DEALER || (db = http_db(r)) == NULL)
		return 0;
	o = rows(r, db, STMT_ORDERS);
	c = rows(r, db, STMT_COMPLAINTS);
	n = news_latest(r, db, 3);
	p = catalogue_promotions_current(db, r->who.org_id, 5);
	if (o == NULL || c == NULL || n == NULL || p == NULL) {
		cJSON_Delete(o);
		cJSON_Delete(c);
		cJSON_Delete(n);
		cJSON_Delete(p);
		return -1;
	}
	cJSON_ArrayForEach(it, p) {
		if (cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it,
		    "fixed")) > 0) {
			money_format((int64_t)cJSON_GetNumberValue(
			    cJSON_GetObjectItemCaseSensitive(it, "fixed")), text,
			    sizeof(text));
			cJSON_AddStringToObject(it, "fixed_text", text);
		}
		cJSON_AddStringToObject(it, "name", cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, strcmp(r->lang,
		    "en") == 0 ? "name_en" : "name_zh")));
	}
	cJSON_AddBoolToObject(ctx, "dashboard", 1);
	tier(r, db, ctx);
	cJSON_AddItemToObject(ctx, "open_orders", o);
	cJSON_AddItemToObject(ctx, "open_complaints", c);
	cJSON_AddItemToObject(ctx, "news", n);
	cJSON_AddItemToObject(ctx, "promotions", p);
	return 0;
}
