/*
 * kpi_tier_http.c: GET /api/v1/dealers/{id}/tier: a dealer's tier, its score
 * and rank in the last run, what the next tier up needs (the lowest score
 * that made it), and its tiers over the last runs.  For the dealer, its
 * region's staff and HQ.  The read model is kpi_tier_read() (kpi_db.c).
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "kpi.h"

/* The index of the tier above t's (its lowest score: mins[]), or -1. */
static int
above(const struct kpi_tier *t)
{
	int	 up = (t->tier[0] != '\0' ? t->tier[0] : 'D') - 'A' - 1;

	return t->ranked[0] == '\0' || up < 0 || up > 2 || t->mins[up] < 0 ?
	    -1 : up;
}

/* What the dealer's score lacks for the tier above (0: none above). */
int64_t
kpi_tier_gap(const struct kpi_tier *t)
{
	int	 up = above(t);

	return up >= 0 && t->mins[up] > t->score ? t->mins[up] - t->score : 0;
}

/* What the tier above needs: its lowest score in the run, and the gap. */
static void
next_tier(cJSON *j, const struct kpi_tier *t)
{
	cJSON	*n;
	int	 up = above(t);

	if (up < 0) {
		cJSON_AddNullToObject(j, "next");
		return;
	}
	n = cJSON_AddObjectToObject(j, "next");
	cJSON_AddStringToObject(n, "tier", (const char *[]){ "A", "B",
	    "C" }[up]);
	cJSON_AddNumberToObject(n, "score_needed", (double)t->mins[up]);
	cJSON_AddNumberToObject(n, "gap", (double)kpi_tier_gap(t));
}

/* The tier as the API answers it; the dealer's name in lang. */
cJSON *
kpi_tier_json(const struct kpi_tier *t, const char *lang)
{
	cJSON	*j = cJSON_CreateObject(), *run, *list, *it;
	int	 i;

	cJSON_AddNumberToObject(j, "dealer", (double)t->dealer);
	if (t->known) {
		cJSON_AddStringToObject(j, "code", t->code);
		cJSON_AddStringToObject(j, "name", strcmp(lang, "en") == 0 ?
		    t->name_en : t->name_zh);
	}
	if (t->tier[0] != '\0')
		cJSON_AddStringToObject(j, "tier", t->tier);
	else
		cJSON_AddNullToObject(j, "tier");
	if (t->ranked[0] != '\0') {
		cJSON_AddStringToObject(j, "ranked", t->ranked);
		cJSON_AddNumberToObject(j, "score", (double)t->score);
		cJSON_AddNumberToObject(j, "value", (double)t->value);
		cJSON_AddNumberToObject(j, "potential", (double)t->potential);
		cJSON_AddNumberToObject(j, "rank", (double)t->rank);
		run = cJSON_AddObjectToObject(j, "run");
		cJSON_AddNumberToObject(run, "id", (double)t->run);
		cJSON_AddNumberToObject(run, "dealers",
		    (double)t->run_dealers);
		cJSON_AddStringToObject(run, "at", t->run_at);
		cJSON_AddStringToObject(run, "cause", t->run_cause);
		next_tier(j, t);
	} else {
		/* never ranked yet: only the tier it was given */
		cJSON_AddNullToObject(j, "ranked");
		cJSON_AddNullToObject(j, "run");
		cJSON_AddNullToObject(j, "next");
	}
	list = cJSON_AddArrayToObject(j, "history");
	for (i = 0; i < t->nhistory; i++) {
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "run", (double)t->history[i].run);
		cJSON_AddStringToObject(it, "day", t->history[i].day);
		cJSON_AddStringToObject(it, "tier", t->history[i].tier);
		cJSON_AddItemToArray(list, it);
	}
	return j;
}

int
kpi_tier_get(struct req *r)
{
	struct kpi_tier	 t;
	struct db	*db;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = kpi_tier_read(db, &r->who, http_param_id(r, "id"), &t,
	    &r->err)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, kpi_tier_json(&t, r->lang));
}
