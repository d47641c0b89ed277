/*
 * catalogue_contracts_pages.c: HQ's contract price page
 *
 *   /admin/contracts			the chains one sets prices for
 *   /admin/contracts?chain=|dealer=	one owner's rows, each with its
 *					end and last-day form; a new row
 *   POST /admin/contracts/{id}		end a row, or move its last day
 *
 * The forms go through the same operations as the API
 * (catalogue_contracts_ops.c); an owner out of the caller's reach is 404
 * here too.  Prices are typed in yuan, discounts in percent with up to
 * two decimals (12.5 is 1,250 basis points).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../auth/auth.h"
#include "../core/money.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "catalogue.h"

/* the chains a caller sets prices for: all for the admin */
static const char sql_chains[] =
	"SELECT id, code, name_zh, name_en FROM orgs WHERE kind = 'chain' AND "
	"(? <> 0 OR id IN (SELECT chain_id FROM key_account_chains WHERE "
	"user_id = ?)) ORDER BY code LIMIT 100";
static const char sql_branches[] =
	"SELECT id, code, name_zh, name_en FROM orgs WHERE chain_id = ? AND "
	"kind = 'dealer' ORDER BY code LIMIT 100";

/* Rows of s (id, code, name_zh, name_en) as [{id, code, name}]. */
static cJSON *
orgs_list(struct req *r, struct db_stmt *s)
{
	cJSON	*list = cJSON_CreateArray(), *it;
	int	 en = strcmp(r->lang, "en") == 0;

	while (s != NULL && db_step(s) == DB_ROW) {
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "id", (double)db_col_int(s, 0));
		cJSON_AddStringToObject(it, "code", db_col_text(s, 1, NULL));
		cJSON_AddStringToObject(it, "name", db_col_text(s, en ? 3 : 2,
		    NULL));
		cJSON_AddItemToArray(list, it);
	}
	db_stmt_release(s);
	return list;
}

/* ?dealer= or ?chain= (or the form's owner fields): 0 none, -1 bad. */
static int64_t
owner_of(struct req *r, const char *key)
{
	const char	*v = http_query(r, key), *o = http_formval(r, "owner");
	int64_t		 id;

	if (v == NULL && o != NULL && strcmp(o, key) == 0)
		v = http_formval(r, "owner_id");
	if (v == NULL)
		return 0;
	return util_parse_int(v, 1, INT64_C(1) << 52, &id) == 0 ? id : -1;
}

/* The rows of an owner, each with its terms shown. */
static int
owner_rows(struct req *r, struct db *db, int64_t dealer, int64_t chain,
    cJSON *ctx)
{
	struct fault	 f;
	cJSON		*j = cJSON_CreateObject(), *it;
	char		 s[48];
	int		 st;

	memset(&f, 0, sizeof(f));
	st = catalogue_contracts_read(db, &r->who, dealer, chain, 0, 100, j,
	    &f);
	fault_clear(&f);
	if (st != 200) {
		cJSON_Delete(j);
		return st;
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items")) {
		if (cJSON_HasObjectItem(it, "price"))
			money_format((int64_t)cJSON_GetNumberValue(
			    cJSON_GetObjectItemCaseSensitive(it, "price")), s,
			    sizeof(s));
		else
			snprintf(s, sizeof(s), "%.2f %%", cJSON_GetNumberValue(
			    cJSON_GetObjectItemCaseSensitive(it,
			    "discount_bp")) / 100.0);
		cJSON_AddStringToObject(it, cJSON_HasObjectItem(it, "price") ?
		    "price_text" : "discount_text", s);
	}
	cJSON_AddItemToObject(ctx, "rows", cJSON_DetachItemFromObject(j,
	    "items"));
	cJSON_Delete(j);
	return 200;
}

static int
contracts_page(struct req *r, int status, const char *notice)
{
	struct db	*db;
	cJSON		*ctx, *o;
	char		 name[ORG_NAME_MAX];
	int64_t		 dealer = owner_of(r, "dealer"), chain;
	int		 st;

	chain = dealer == 0 ? owner_of(r, "chain") : 0;
	if (dealer < 0 || chain < 0)
		return http_error(r, 404, "not_found",
		    "no such dealer or chain");
	if ((db = http_db(r)) == NULL)
		return 503;
	ctx = cJSON_CreateObject();
	cJSON_AddItemToObject(ctx, "chains", orgs_list(r, db_preparef(db,
	    sql_chains, "ii", (int64_t)((r->who.roles & ROLE_ADMIN) != 0),
	    r->who.user_id)));
	if (dealer != 0 || chain != 0) {
		/* only the owners one sets prices for: 404 for the rest */
		st = catalogue_contract_reach(db, &r->who, dealer, chain, 1);
		if (st == 1)
			st = owner_rows(r, db, dealer, chain, ctx);
		if (st == 200 && org_name(db, dealer + chain, r->lang, name,
		    sizeof(name)) == -1)
			st = 500;
		if (st != 200) {
			cJSON_Delete(ctx);
			return st == 0 || st == 404 ? http_error(r, 404,
			    "not_found", "no such dealer or chain") : 500;
		}
		o = cJSON_AddObjectToObject(ctx, "owner");
		cJSON_AddStringToObject(o, "kind", dealer != 0 ? "dealer" :
		    "chain");
		cJSON_AddNumberToObject(o, "id", (double)(dealer + chain));
		cJSON_AddStringToObject(o, "name", name);
		cJSON_AddBoolToObject(o, dealer != 0 ? "dealer" : "chain", 1);
		/* the rows' forms name it too, outside the owner's section */
		cJSON_AddStringToObject(ctx, "owner_kind", dealer != 0 ?
		    "dealer" : "chain");
		cJSON_AddNumberToObject(ctx, "owner_id", (double)(dealer +
		    chain));
		if (chain != 0)
			cJSON_AddItemToObject(ctx, "branches", orgs_list(r,
			    db_preparef(db, sql_branches, "i", chain)));
	}
	if (status != 200) {	/* the new row's fields, as typed */
		static const char *const keep[] = { "product", "price",
		    "discount", "min_qty", "valid_from", "valid_to", NULL };
		const char *const *k;

		for (k = keep; *k != NULL; k++)
			if (http_formval(r, *k) != NULL)
				cJSON_AddStringToObject(ctx, *k,
				    http_formval(r, *k));
		/* the same key again: a second try is the same request */
		if (http_formval(r, "idem") != NULL)
			cJSON_AddStringToObject(ctx, "idem",
			    http_formval(r, "idem"));
	}
	audit_page_flags(ctx, &r->who);
	return http_form_page(r, status, "admin_contracts", ctx, notice,
	    http_i18n(r, "catalogue_contracts_title"));
}

int
catalogue_contracts_page_get(struct req *r)
{
	return contracts_page(r, 200, http_query(r, "saved") != NULL ?
	    "catalogue_contracts_saved" : NULL);
}

static const char *
given(struct req *r, const char *name)
{
	const char	*v = http_formval(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* A decimal of the form with two places, x 100 (yuan to fen, % to bp). */
static int64_t
hundredths(struct req *r, const char *name, int64_t max)
{
	const char	*v = given(r, name);
	int64_t		 x;

	if (v == NULL)
		return -1;
	if (money_parse(v, max, &x) == 0 && x >= 0)
		return x;
	http_field_error(r, name, http_i18n(r,
	    "catalogue_contracts_bad_number"));
	return -2;
}

static int
back_to(struct req *r, const struct contract_row *row)
{
	char	 loc[96];

	snprintf(loc, sizeof(loc), "/admin/contracts?%s=%lld&saved=1",
	    row->dealer != 0 ? "dealer" : "chain", (long long)(row->dealer !=
	    0 ? row->dealer : row->chain));
	return http_redirect(r, 303, loc);
}

/* POST /admin/contracts: a new row for the owner of the form. */
int
catalogue_contracts_page_post(struct req *r)
{
	struct contract_in	 in;
	struct contract_row	 row;
	const char		*v;
	int			 st;

	memset(&in, 0, sizeof(in));
	v = http_formval(r, "owner");
	in.dealer = v != NULL && strcmp(v, "dealer") == 0 ?
	    owner_of(r, "dealer") : -1;
	in.chain = v != NULL && strcmp(v, "chain") == 0 ?
	    owner_of(r, "chain") : -1;
	in.dealer = in.dealer == 0 ? -1 : in.dealer < -1 ? -2 : in.dealer;
	in.chain = in.chain == 0 ? -1 : in.chain < -1 ? -2 : in.chain;
	in.product = given(r, "product");
	in.price = hundredths(r, "price", PRICE_MAX);
	in.discount_bp = hundredths(r, "discount", CONTRACT_BP_MAX);
	in.min_qty = -1;
	if ((v = given(r, "min_qty")) != NULL && util_parse_int(v, QTY_MIN,
	    QTY_MAX, &in.min_qty) == -1)
		in.min_qty = -2;
	in.valid_from = given(r, "valid_from");
	in.valid_to = given(r, "valid_to");
	if (in.discount_bp == 0)
		in.discount_bp = -2;
	st = catalogue_contract_create(http_db(r), &r->who, &in,
	    http_formval(r, "idem"), &row, &r->err);
	if (st == 201 || st == 200)
		return back_to(r, &row);
	return st == 409 || st == 422 ? contracts_page(r, st, NULL) : st;
}

/* POST /admin/contracts/{id}: "end" it, or move its last day. */
int
catalogue_contract_page_post(struct req *r)
{
	struct contract_row	 row;
	const char		*v = http_formval(r, "version");
	int64_t			 version = -1;
	int			 st;

	if (v == NULL || util_parse_int(v, 1, INT32_MAX, &version) == -1)
		version = -2;
	st = catalogue_contract_change(http_db(r), &r->who, http_param_id(r,
	    "id"), version, -1, -1, given(r, "valid_to"),
	    http_formval(r, "end") != NULL, &row, &r->err);
	if (st == 200)
		return back_to(r, &row);
	return st == 409 || st == 422 ? contracts_page(r, st, NULL) : st;
}
