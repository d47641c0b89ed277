/*
 * kpi_managers_pages.c: the account managers' view, plain HTML (no
 * script), who reads what as kpi_managers_http.c says
 *   GET /dashboard/managers?region=&from=&to=	the region's head: every
 *	account manager of the region side by side (a table, and a bar
 *	chart per figure with the region's value drawn across), each a
 *	link to its page
 *   GET /dashboard/managers/{id}?from=&to=	one account manager: its
 *	dealers' four figures beside the region's, a trend of each with
 *	the region's line, its dealers each a link to /dashboard/dealers/
 */
#include <stdio.h>
#include <string.h>

#include "../http/http.h"
#include "../views/chart.h"
#include "kpi.h"

static const char *const names[] = { "inventory_turnover_days", "margin",
	"complaint_resolution", "share" };
#define NFIG	4


static const char *
str(const cJSON *j, const char *key)
{
	const char	*s = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(j, key));

	return s != NULL ? s : "";
}

/* j's figure fig in the charts' scale, or no data. */
static int64_t
value_of(const cJSON *j, int fig)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(j, names[fig]);

	return cJSON_IsNumber(v) ? kpi_page_scaled(fig, v->valuedouble) :
	    CHART_NONE;
}

/*
 * The managers side by side on figure fig, a bar each (the first
 * CHART_POINTS_MAX, as the table lists them), the region's value the
 * line across.
 */
static cJSON *
bars(struct req *r, const cJSON *items, const cJSON *region, int fig)
{
	static const char *const ids[] = { "mgr-turnover", "mgr-margin",
	    "mgr-resolution", "mgr-share" };
	struct chart	 c;
	const cJSON	*it;
	char		 lab[64];

	snprintf(lab, sizeof(lab), "kpi_%s", names[fig]);
	chart_init(&c, ids[fig], http_i18n(r, lab), fig == 0 ? CHART_DAYS :
	    CHART_PERCENT, http_lang(r));
	c.months = 0;
	c.x_title = http_i18n(r, "kpi_manager");
	if ((c.target = value_of(region, fig)) != CHART_NONE) {
		c.has_target = 1;
		c.target_label = http_i18n(r, "kpi_region_line");
	}
	/* by login, as the table beside gives it: names cut short to fit
	 * the labels' column may read alike ("Beijing Account…") */
	cJSON_ArrayForEach(it, items)
		if (chart_add(&c, str(it, "login"), value_of(it, fig)) == -1)
			break;
	return chart_bars(&c);
}

/* GET /dashboard/managers?region= */
int
kpi_managers_page_get(struct req *r)
{
	int64_t	 region;
	cJSON	*ctx, *it, *list, *g;
	int	 st, i;

	if ((st = kpi_managers_reach(r, &region)) != 0 ||
	    (st = kpi_managers_model(r, region, &ctx)) != 0)
		return st;
	g = cJSON_GetObjectItemCaseSensitive(ctx, "region");
	kpi_page_texts(r, g);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(ctx, "items"))
		kpi_page_texts(r, it);
	list = cJSON_AddArrayToObject(ctx, "charts");
	for (i = 0; i < NFIG; i++)
		cJSON_AddItemToArray(list, bars(r,
		    cJSON_GetObjectItemCaseSensitive(ctx, "items"), g, i));
	if (r->who.kind == ORG_HQ)
		cJSON_AddBoolToObject(ctx, "hq", 1);
	return http_form_page(r, 200, "dashboard_managers", ctx, NULL,
	    http_i18n(r, "kpi_managers_title"));
}

/*
 * The four figures of mine beside the region's (texts, with formulas)
 * into ctx.figures, and each period's pair as its chart's note.
 */
static void
versus(struct req *r, cJSON *ctx, cJSON *mine, cJSON *region,
    const char *name, const char *rname)
{
	cJSON		*list = cJSON_AddArrayToObject(ctx, "figures"), *it, *c;
	char		 k[64], a[32], b[32], note[1600];
	int		 i;

	kpi_page_texts(r, mine);
	kpi_page_texts(r, region);
	for (i = 0; i < NFIG; i++) {
		it = kpi_page_figure(r, i);
		snprintf(k, sizeof(k), "%s_text", names[i]);
		snprintf(a, sizeof(a), "%s", str(mine, k));
		snprintf(b, sizeof(b), "%s", str(region, k));
		cJSON_AddStringToObject(it, "mine_text", a);
		cJSON_AddStringToObject(it, "region_text", b);
		cJSON_AddItemToArray(list, it);
		c = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(ctx,
		    "charts"), i);
		snprintf(note, sizeof(note), "%s%s %s · %s %s",
		    http_i18n(r, "kpi_period_value"), name, a, rname, b);
		if (c != NULL)
			cJSON_ReplaceItemInObjectCaseSensitive(c, "note",
			    cJSON_CreateString(note));
	}
}

/* The manager's and the region's trends as four charts into ctx. */
static int
trends(struct req *r, const struct kpi_manager *m, const char *rname,
    cJSON *ctx)
{
	cJSON	*t, *rt, *list;
	int	 st, i;

	if ((st = kpi_trend(r, KPI_OWN_MANAGER, m->id, &t)) != 0)
		return st;
	if ((st = kpi_trend(r, KPI_OWN_REGION, m->region, &rt)) != 0) {
		cJSON_Delete(t);
		return st;
	}
	list = cJSON_AddArrayToObject(ctx, "charts");
	for (i = 0; i < NFIG; i++)
		cJSON_AddItemToArray(list, kpi_page_chart(r,
		    cJSON_GetObjectItemCaseSensitive(t, "months"),
		    cJSON_GetObjectItemCaseSensitive(rt, "months"), i,
		    str(t, "from"), str(t, "to"), m->name, rname));
	cJSON_AddStringToObject(ctx, "from", str(t, "from"));
	cJSON_AddStringToObject(ctx, "to", str(t, "to"));
	cJSON_Delete(t);
	cJSON_Delete(rt);
	return 0;
}

/* A dealer of the manager's, with its figures as texts, to the list. */
static int
dealer_item(const struct kpi_row *w, void *arg)
{
	struct req	*r = ((void **)arg)[0];
	cJSON		*it = cJSON_CreateObject();

	cJSON_AddNumberToObject(it, "dealer", (double)w->id);
	cJSON_AddStringToObject(it, "code", w->code);
	cJSON_AddStringToObject(it, "name", w->name);
	cJSON_AddStringToObject(it, "tier", w->tier);
	kpi_figures(&w->sums, it);
	kpi_page_texts(r, it);
	cJSON_AddItemToArray(((void **)arg)[1], it);
	return 0;
}

/* GET /dashboard/managers/{id} */
int
kpi_manager_page_get(struct req *r)
{
	struct kpi_manager	 m;
	struct kpi_sums		 s;
	char			 rname[900];
	cJSON			*ctx, *o, *mine, *region;
	void			*arg[2];
	int			 st;

	if ((st = kpi_manager_reach(r, http_param_id(r, "id"), &m)) != 0)
		return st;
	snprintf(rname, sizeof(rname), "%s", m.region_name);
	ctx = cJSON_CreateObject();
	if ((st = trends(r, &m, rname, ctx)) != 0) {
		cJSON_Delete(ctx);
		return st;
	}
	mine = cJSON_CreateObject();
	region = cJSON_CreateObject();
	cJSON_AddItemToObject(ctx, "mine", mine);
	cJSON_AddItemToObject(ctx, "region_figures", region);
	if (kpi_total(http_db(r), KPI_OWN_MANAGER, m.id, str(ctx, "from"),
	    str(ctx, "to"), &s) == -1) {
		cJSON_Delete(ctx);
		return 500;
	}
	kpi_figures(&s, mine);
	if (kpi_total(http_db(r), KPI_OWN_REGION, m.region, str(ctx, "from"),
	    str(ctx, "to"), &s) == -1) {
		cJSON_Delete(ctx);
		return 500;
	}
	kpi_figures(&s, region);
	versus(r, ctx, mine, region, m.name, rname);
	arg[0] = r;
	arg[1] = cJSON_AddArrayToObject(ctx, "dealers");
	if (kpi_board_manager_dealers(http_db(r), m.id, str(ctx, "from"),
	    str(ctx, "to"), KPI_MANAGER_DEALERS_MAX, r->lang, dealer_item,
	    arg) == -1) {
		cJSON_Delete(ctx);
		return 500;
	}
	o = cJSON_AddObjectToObject(ctx, "manager");
	cJSON_AddNumberToObject(o, "id", (double)m.id);
	cJSON_AddStringToObject(o, "name", m.name);
	cJSON_AddNumberToObject(o, "dealers", (double)m.dealers);
	cJSON_AddNumberToObject(o, "region", (double)m.region);
	cJSON_AddStringToObject(o, "region_code", m.region_code);
	cJSON_AddStringToObject(o, "region_name", m.region_name);
	/* the region's head comes from the comparison, and goes back */
	if (kpi_region_staff(r, m.region))
		cJSON_AddBoolToObject(ctx, "compare", 1);
	return http_form_page(r, 200, "dashboard_manager", ctx, NULL,
	    http_i18n(r, "kpi_manager_title"));
}
