/*
 * invoices_profile_pages.c: /invoice-profile, what a dealer's invoices
 * name of it as the buyer: shown to anyone whose scope reaches the
 * dealer, and a form (with the version read) for who keeps it.  A
 * chain's users and staff choose the dealer first.  The form goes
 * through the same operation as the API (invoices_profile_db.c).
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../http/http.h"
#include "invoices.h"

static const char *const fields[] = { "tax_number", "address", "phone",
	"bank_name", "bank_account" };

/* ?dealer= or the form's; a dealer's user its own: a positive id, else 0 */
static int64_t
chosen_dealer(struct req *r)
{
	const char	*d = http_formval(r, "dealer");
	int64_t		 id;

	if (r->who.kind == ORG_DEALER)
		return r->who.org_id;
	if (d == NULL)
		d = http_query(r, "dealer");
	return util_parse_int(d, 1, INT64_C(1) << 52, &id) == 0 ? id : 0;
}

/*
 * The page: the chooser, the profile, the form; a refused form's typed
 * values kept when typed is set (422), the stored ones otherwise.
 */
static int
profile_page(struct req *r, int status, const char *notice, int typed)
{
	struct invoices_profile	 p;
	struct db		*db;
	int64_t			 dealer = chosen_dealer(r);
	cJSON			*ctx, *j, *form;
	const char		*v;
	size_t			 i;
	int			 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	ctx = cJSON_CreateObject();
	/* a refused form's messages, kept aside while the profile is read */
	http_errors_to(r, ctx);
	if (r->who.kind != ORG_DEALER)
		cJSON_AddItemToObject(ctx, "dealers", http_page_dealers(r, db,
		    dealer, 0));
	if (dealer != 0) {
		if ((st = invoices_profile_read(db, &r->who, dealer, &r->err,
		    &p)) != 200) {
			cJSON_Delete(ctx);
			return http_refused(r, st);
		}
		j = invoices_profile_json(&p);
		cJSON_AddStringToObject(j, "shown_name", strcmp(r->lang,
		    "en") == 0 ? p.party.name_en : p.party.name);
		form = cJSON_AddObjectToObject(j, "form");
		for (i = 0; i < NELEM(fields); i++) {
			v = typed ? http_formval(r, fields[i]) : NULL;
			if (v == NULL)
				v = cJSON_GetStringValue(
				    cJSON_GetObjectItemCaseSensitive(j,
				    fields[i]));
			cJSON_AddStringToObject(form, fields[i],
			    v != NULL ? v : "");
		}
		if (invoices_profile_keeper(&r->who))
			cJSON_AddBoolToObject(j, "keeper", 1);
		cJSON_AddItemToObject(ctx, "p", j);
	}
	audit_page_flags(ctx, &r->who);
	return http_form_page(r, status, "invoice_profile", ctx, notice,
	    http_i18n(r, "invoices_profile_title"));
}

/* GET /invoice-profile?dealer= */
int
invoices_profile_page_get(struct req *r)
{
	const char	*done = http_query(r, "done");

	return profile_page(r, 200, done != NULL && strcmp(done, "saved") ==
	    0 ? "invoices_profile_saved" : NULL, 0);
}

/* POST /invoice-profile: the form, with the version it showed */
int
invoices_profile_page_post(struct req *r)
{
	struct invoices_profile_in in;
	struct invoices_profile	 p;
	const char		**to[] = { &in.tax_number, &in.address,
	    &in.phone, &in.bank_name, &in.bank_account };
	int64_t			 dealer = chosen_dealer(r);
	char			 next[80];
	size_t			 i;
	int			 st;

	memset(&in, 0, sizeof(in));
	/* a form sends every field: an empty one empties it */
	for (i = 0; i < NELEM(fields); i++)
		if ((*to[i] = http_formval(r, fields[i])) == NULL)
			*to[i] = "";
	if (util_parse_int(http_formval(r, "version"), 0, INT32_MAX,
	    &in.version) == -1)
		in.version = -1;
	st = invoices_profile_change(http_db(r), &r->who, dealer, &in,
	    &r->err, &p);
	if (st == 200) {
		if (r->who.kind == ORG_DEALER)
			snprintf(next, sizeof(next),
			    "/invoice-profile?done=saved");
		else
			snprintf(next, sizeof(next), "/invoice-profile?"
			    "dealer=%lld&done=saved", (long long)dealer);
		return http_redirect(r, 303, next);
	}
	if (st == 409 || st == 422)
		return profile_page(r, st, NULL, st == 422);
	return http_refused(r, st);
}
