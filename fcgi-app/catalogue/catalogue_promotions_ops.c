/*
 * catalogue_promotions_ops.c: the admin's promotions, below both the JSON
 * handlers and the pages: a percentage or a fixed amount per unit, for
 * one product, one category or everything, for chosen dealer tiers,
 * between two dates
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../db/db_changes.h"
#include "catalogue.h"

/* A,B,C,D in any subset, each once. */
static int
tiers_ok(const char *s)
{
	int	 seen = 0, bit;

	if (s == NULL || *s == '\0' || strlen(s) > 7)
		return 0;
	for (;;) {
		if (*s < 'A' || *s > 'D')
			return 0;
		bit = 1 << (*s - 'A');
		if (seen & bit)
			return 0;
		seen |= bit;
		if (*++s == '\0')
			return 1;
		if (*s++ != ',')
			return 0;
	}
}

static void
check_text(struct fault *f, const char *field, const char *v, size_t max,
    const char *msg)
{
	if (v == NULL || *v == '\0' || strlen(v) > max)
		fault_field(f, field, msg);
}

static void
add_text(cJSON *j, const char *key, const char *v)
{
	if (v != NULL)
		cJSON_AddStringToObject(j, key, v);
}

/* What the audit log keeps of a promotion's create. */
static cJSON *
promo_detail(const struct catalogue_promo_in *in)
{
	cJSON	*j = cJSON_CreateObject();

	add_text(j, "code", in->code);
	add_text(j, "name_zh", in->name_zh);
	add_text(j, "name_en", in->name_en);
	add_text(j, "product", in->product);
	add_text(j, "category", in->category);
	add_text(j, "tiers", in->tiers);
	if (in->percent > 0)
		cJSON_AddNumberToObject(j, "percent", (double)in->percent);
	if (in->fixed > 0)
		cJSON_AddNumberToObject(j, "fixed", (double)in->fixed);
	add_text(j, "starts_on", in->starts_on);
	add_text(j, "ends_on", in->ends_on);
	return j;
}

/*
 * A new promotion (the admin's): 201 with *id, or 409 the code taken,
 * 422 naming the fields (those f already names too), 503, 500.
 */
int
catalogue_promotion_create(struct db *db, const struct principal *who,
    const struct catalogue_promo_in *in, int64_t *id, struct fault *f)
{
	cJSON	*detail;
	int	 rc;

	if (in->code == NULL || strlen(in->code) < 2 || strlen(in->code) >
	    32 || strspn(in->code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") !=
	    strlen(in->code))
		fault_field(f, "code", "2 to 32 of A-Z, 0-9, dash");
	check_text(f, "name_zh", in->name_zh, 200, "1 to 200 characters");
	check_text(f, "name_en", in->name_en, 200, "1 to 200 characters");
	if (in->product != NULL && !catalogue_code_ok(in->product))
		fault_field(f, "product", "a product code");
	if ((in->category != NULL && strlen(in->category) > 32) ||
	    (in->category != NULL && in->product != NULL))
		fault_field(f, "category", "a category code, or a "
		    "product, not both");
	if (!tiers_ok(in->tiers))
		fault_field(f, "tiers", "A, B, C, D, comma-separated");
	if (in->percent < 0 || in->percent > 100 || in->fixed < 0 ||
	    in->fixed > PRICE_MAX || (in->percent > 0) == (in->fixed > 0))
		fault_field(f, "percent", "either percent 1..100 or a "
		    "fixed amount in fen");
	if (in->starts_on == NULL || !util_date_ok(in->starts_on))
		fault_field(f, "starts_on", "YYYY-MM-DD");
	if (in->ends_on == NULL || !util_date_ok(in->ends_on) ||
	    (in->starts_on != NULL && strcmp(in->ends_on, in->starts_on) < 0))
		fault_field(f, "ends_on", "YYYY-MM-DD, not before starts_on");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db_begin(db) == -1)
		return 503;
	rc = catalogue_promotion_insert(db, in, id);
	/* this process prices with it at once (catalogue_cache.c) */
	if (rc == 0)
		changes_local("catalogue", *id);
	detail = promo_detail(in);
	if (rc == 0 && audit_write(db, who, "promotion_create", "promotion",
	    *id, 0, detail) == -1)
		rc = -1;
	cJSON_Delete(detail);
	if (rc != 0 || db_commit(db) == -1) {
		db_rollback(db);
		if (rc == 1)
			fault_field(f, in->product != NULL ? "product" :
			    "category", "no such product or category");
		if (rc == 3)
			fault_field(f, "starts_on", "not a valid date");
		if (rc == 2) {
			fault_field(f, "code", "taken");
			return fault_set(f, 409, "conflict",
			    "the code is taken");
		}
		return rc == 1 || rc == 3 ? fault_set(f, 422,
		    "validation_failed", "check the fields") : 500;
	}
	return 201;
}

/*
 * End or pause promotion id: active (-1: as is), ends_on (NULL: as is),
 * if still of version (-1: any): 200, or 409, 422, 503, 500.
 */
int
catalogue_promotion_update(struct db *db, const struct principal *who,
    int64_t id, int active, const char *ends_on, int64_t version,
    struct fault *f)
{
	cJSON	*detail;
	char	 was_end[11] = "";
	int64_t	 now = 0;
	int	 rc, was = 0;

	if (ends_on != NULL && !util_date_ok(ends_on))
		fault_field(f, "ends_on", "YYYY-MM-DD");
	if (version == 0 || version < -1 || version > INT32_MAX)
		fault_field(f, "version", "the version you read");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db_begin(db) == -1)
		return 503;
	/* what it was (the audit log's), and the change only from that */
	if ((rc = catalogue_promotion_state(db, id, &was, was_end, &now)) ==
	    1)
		rc = version >= 0 && version != now ? 1 :
		    catalogue_promotion_update_row(db, id, active, ends_on,
		    now);
	else if (rc == 0)
		rc = 1;
	/* this process prices with it at once (catalogue_cache.c) */
	if (rc == 0)
		changes_local("catalogue", id);
	detail = cJSON_CreateObject();
	if (active >= 0)
		audit_bool(detail, "active", was, active);
	if (ends_on != NULL)
		audit_text(detail, "ends_on", was_end, ends_on);
	if (version >= 0)
		cJSON_AddNumberToObject(detail, "version", (double)version);
	if (rc == 0 && audit_write(db, who, "promotion_update", "promotion",
	    id, 0, detail) == -1)
		rc = -1;
	cJSON_Delete(detail);
	if (rc != 0 || db_commit(db) == -1) {
		db_rollback(db);
		return rc == 1 ? fault_set(f, 409, "conflict", "no such "
		    "promotion, another version, or ends before it starts") :
		    500;
	}
	return 200;
}
