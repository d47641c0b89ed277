/*
 * news_ops.c: posting, withdrawing and restoring news, below both the
 * JSON API and the admin's page
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../audit/audit.h"
#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "news.h"

/* "A,C" from a mask of tiers (bit 0 is A). */
void
news_tiers_text(int tiers, char *out, size_t size)
{
	size_t	 n = 0;
	int	 i;

	if (size == 0)
		return;
	out[0] = '\0';
	for (i = 0; i < 4 && n + 2 < size; i++)
		if (tiers & (1 << i)) {
			if (n > 0)
				out[n++] = ',';
			out[n++] = (char)('A' + i);
			out[n] = '\0';
		}
}

static void
check_new(const struct news_new *w, struct fault *f)
{
	static const char *const names[] = { "title_zh", "title_en",
	    "body_zh", "body_en" };
	int	 i, k;

	for (i = 0; i < 4; i++)
		if (strlen(w->text[i]) > (i < 2 ? 200u : 4000u))
			fault_field(f, names[i], i < 2 ? "at most 200 "
			    "characters" : "at most 4000 characters");
	if (util_blank(w->text[0]) && util_blank(w->text[1]))
		fault_field(f, "title_zh", "a title in one language at least");
	if (util_blank(w->text[2]) && util_blank(w->text[3]))
		fault_field(f, "body_zh", "a text in one language at least");
	if (w->tiers < 0)
		fault_field(f, "tiers", "a list of A, B, C, D");
	if (w->nregions < 0 || w->nregions > NEWS_REGIONS_MAX) {
		fault_field(f, "regions", "a list of region codes");
		return;
	}
	for (i = 0; i < w->nregions; i++) {
		if (w->regions[i] == NULL || strlen(w->regions[i]) > 16) {
			fault_field(f, "regions", "a list of region codes");
			continue;
		}
		for (k = i + 1; k < w->nregions; k++)
			if (w->regions[k] != NULL && strcasecmp(w->regions[i],
			    w->regions[k]) == 0)
				fault_field(f, "regions", "each region once");
	}
}

/*
 * Post an item (who: the admin): 201 and *id; 422 (a field, or no such
 * region), 500, 503.  Field messages already in f make it a 422 too.
 */
int
news_create(struct db *db, const struct principal *who,
    const struct news_new *w, int64_t *id, struct fault *f)
{
	char	 tiers[16];
	cJSON	*d, *regions;
	int	 i, ok;

	check_new(w, f);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	news_tiers_text(w->tiers, tiers, sizeof(tiers));
	if (db_begin(db) == -1)
		return 503;
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "title_zh", w->text[0]);
	cJSON_AddStringToObject(d, "title_en", w->text[1]);
	cJSON_AddStringToObject(d, "tiers", tiers);
	regions = cJSON_AddArrayToObject(d, "regions");
	for (i = 0; i < w->nregions; i++)
		cJSON_AddItemToArray(regions, cJSON_CreateString(
		    w->regions[i]));
	ok = news_store(db, who, w, tiers, id, f) == 0 && !fault_fields(f) &&
	    audit_write(db, who, "news.create", "news", *id, 0, d) == 0 &&
	    db_commit(db) == 0;
	cJSON_Delete(d);
	if (ok)
		return 201;
	db_rollback(db);
	return fault_fields(f) ? fault_set(f, 422, "validation_failed",
	    "check the fields") : 500;
}

/*
 * Withdraw (active 0) or restore (1) item id if it is still at version
 * (-1: any; 0: a bad one), audited with what it was: 200; 404, 409, 422,
 * 500, 503.
 */
int
news_set_active(struct db *db, const struct principal *who, int64_t id,
    int active, int64_t version, struct fault *f)
{
	cJSON		*d;
	int64_t		 now = 0;
	int		 rc, found, was = 0;

	if (active != 0 && active != 1)
		fault_field(f, "active", "true or false");
	if (version != -1 && (version < 1 || version > INT32_MAX))
		fault_field(f, "version", "the version you read");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db_begin(db) == -1)
		return 503;
	/* what it was, and the change only from that (else 409) */
	if ((rc = found = news_state_row(db, id, &was, &now)) == 1)
		rc = version >= 0 && version != now ? 0 :
		    news_active_row(db, id, active, now);
	d = cJSON_CreateObject();
	audit_bool(d, "active", was, active);
	if (rc == 1 && (audit_write(db, who, "news.active", "news", id, 0,
	    d) == -1 || db_commit(db) == -1))
		rc = -1;
	cJSON_Delete(d);
	if (rc == 1)
		return 200;
	db_rollback(db);
	if (rc != 0)
		return 500;
	if (version < 0 && found != 1)
		return fault_set(f, 404, "not_found", "no such news");
	return fault_set(f, 409, "conflict",
	    "changed meanwhile, or no such news");
}
