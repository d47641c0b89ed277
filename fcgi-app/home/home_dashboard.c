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

/* The dealer's open orders (complaints 0) or complaints (1), in words. */
static cJSON *
rows(struct req *r, struct db *db, int complaints)
{
	struct home_row	 v[HOME_ROWS];
	cJSON		*list, *it;
	char		 text[96], key[48];
	int		 i, n;

	if ((n = home_rows_read(db, r->who.org_id, complaints, v)) == -1)
		return NULL;
	list = cJSON_CreateArray();
	for (i = 0; i < n; i++) {
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "number", v[i].number);
		if (!complaints) {
			snprintf(key, sizeof(key), "orders_status_%s",
			    v[i].status);
			cJSON_AddStringToObject(it, "status_label",
			    http_i18n(r, key));
			money_format(v[i].total, text, sizeof(text));
			cJSON_AddStringToObject(it, "total_text", text);
			cJSON_AddStringToObject(it, "promised_date",
			    v[i].promised);
		} else {
			cJSON_AddStringToObject(it, "subject", v[i].subject);
			snprintf(key, sizeof(key), "complaints_%s",
			    v[i].status);
			cJSON_AddStringToObject(it, "status_label",
			    http_i18n(r, key));
			complaints_clock_text(r, v[i].minutes, text,
			    sizeof(text));
			cJSON_AddStringToObject(it, "clock", text);
			if (v[i].minutes < 0)
				cJSON_AddBoolToObject(it, "overdue", 1);
		}
		cJSON_AddItemToArray(list, it);
	}
	return list;
}

/* The dealer's tier, and what the next one needs, as its tier API says. */
static void
tier(struct req *r, struct db *db, cJSON *ctx)
{
	struct kpi_tier	 k;
	struct fault	 f = { 0 };
	char		 text[32];
	cJSON		*t, *n;

	/* without it the page still shows the rest */
	if (kpi_tier_read(db, &r->who, r->who.org_id, &k, &f) != 200) {
		fault_clear(&f);
		return;
	}
	t = kpi_tier_json(&k, r->lang);
	if (cJSON_IsObject(n = cJSON_GetObjectItemCaseSensitive(t, "next"))) {
		money_format(kpi_tier_gap(&k), text, sizeof(text));
		cJSON_AddStringToObject(n, "gap_text", text);
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
	o = rows(r, db, 0);
	c = rows(r, db, 1);
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
