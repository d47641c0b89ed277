/*
 * addresses_pages.c: /addresses, the dealer's ship-to address book: the
 * list, a form to add one (with its own Idempotency-Key), and for each
 * address a form to change it, a button to make it the default and one
 * to deactivate it.  A chain's users and staff choose the dealer first.
 * Every post goes through the book's operations, as the API's do.
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../http/http.h"
#include "addresses.h"

/* ?dealer= or the form's dealer: a positive id, else 0 */
static int64_t
chosen_dealer(struct req *r)
{
	const char	*d = http_formval(r, "dealer");
	int64_t		 id;

	if (d == NULL)
		d = http_query(r, "dealer");
	return util_parse_int(d, 1, INT64_C(1) << 52, &id) == 0 ? id : 0;
}

static int
may_write(const struct req *r)
{
	return ORG_IS_CUSTOMER(r->who.kind) &&
	    (r->who.roles & ADDRESS_WRITERS) != 0;
}

static void
keep(struct req *r, cJSON *ctx, const char *name)
{
	const char	*v = http_formval(r, name);

	cJSON_AddStringToObject(ctx, name, v != NULL ? v : "");
}

static int
book_page(struct req *r, int status, const char *notice)
{
	struct db	*db;
	int64_t		 dealer = chosen_dealer(r);
	cJSON		*ctx, *j = NULL;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	ctx = cJSON_CreateObject();
	if (r->who.kind != ORG_DEALER)
		cJSON_AddItemToObject(ctx, "dealers", http_page_dealers(r, db,
		    dealer, 0));
	if (r->who.kind == ORG_DEALER || dealer != 0) {
		if ((st = addresses_list(db, &r->who, dealer, &r->err,
		    &j)) != 200) {
			cJSON_Delete(ctx);
			return st;
		}
		cJSON_AddItemToObject(ctx, "book", j);
		if (may_write(r))
			cJSON_AddBoolToObject(ctx, "writer", 1);
	}
	keep(r, ctx, "name");
	keep(r, ctx, "contact");
	keep(r, ctx, "phone");
	keep(r, ctx, "address");
	audit_page_flags(ctx, &r->who);
	return http_form_page(r, status, "addresses", ctx, notice,
	    http_i18n(r, "addresses_title"));
}

int
addresses_page_get(struct req *r)
{
	const char	*n = http_query(r, "done");

	return book_page(r, 200, n == NULL ? NULL :
	    strcmp(n, "added") == 0 ? "addresses_added" :
	    strcmp(n, "changed") == 0 ? "addresses_changed" :
	    strcmp(n, "removed") == 0 ? "addresses_removed" : NULL);
}

/* Back to the book, with what was done. */
static int
done(struct req *r, int64_t dealer, const char *what)
{
	char	 to[96];

	if (dealer != 0 && r->who.kind != ORG_DEALER)
		snprintf(to, sizeof(to), "/addresses?dealer=%lld&done=%s",
		    (long long)dealer, what);
	else
		snprintf(to, sizeof(to), "/addresses?done=%s", what);
	return http_redirect(r, 303, to);
}

/* The form's address into in. */
static void
form_in(struct req *r, struct address_in *in)
{
	memset(in, 0, sizeof(*in));
	in->dealer = chosen_dealer(r);
	in->name = http_formval(r, "name");
	in->contact = http_formval(r, "contact");
	in->phone = http_formval(r, "phone");
	in->address = http_formval(r, "address");
	in->is_default = http_formval(r, "is_default") != NULL;
	if (util_parse_int(http_formval(r, "version"), 1, INT32_MAX,
	    &in->version) == -1)
		in->version = 0;
}

/* POST /addresses: a new address, keyed by the form's own key */
int
addresses_page_post(struct req *r)
{
	struct address_in	 in;
	cJSON			*j = NULL;
	int			 st;

	form_in(r, &in);
	in.key = http_formval(r, "idem");
	st = addresses_create(http_db(r), &r->who, &in, &r->err, &j);
	cJSON_Delete(j);
	if (st == 200 || st == 201)
		return done(r, in.dealer, "added");
	if (st == 409 || st == 422)
		return book_page(r, st, NULL);
	return st;
}

/*
 * POST /addresses/{id}: action "change" (the fields), "default" (make it
 * the dealer's default) or "remove" (deactivate), each with the version.
 */
int
addresses_one_page_post(struct req *r)
{
	struct address_in	 in;
	const char		*action = http_formval(r, "action");
	int64_t			 id = http_param_id(r, "id");
	cJSON			*j = NULL;
	int			 st;

	form_in(r, &in);
	if (action != NULL && strcmp(action, "remove") == 0)
		st = addresses_remove(http_db(r), &r->who, id, in.version,
		    &r->err, &j);
	else {
		if (action != NULL && strcmp(action, "default") == 0) {
			in.name = in.contact = in.phone = in.address = NULL;
			in.is_default = 1;
		}
		st = addresses_change(http_db(r), &r->who, id, &in, &r->err,
		    &j);
	}
	cJSON_Delete(j);
	if (st == 200)
		return done(r, in.dealer, action != NULL && strcmp(action,
		    "remove") == 0 ? "removed" : "changed");
	if (st == 409 || st == 422)
		return book_page(r, st, NULL);
	return st;
}
