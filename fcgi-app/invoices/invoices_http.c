/*
 * invoices_http.c: the API's doors to invoices as documents
 *   GET   /api/v1/invoices/{id}			an invoice or credit
 *						note (its ledger entry's id)
 *   GET   /api/v1/dealers/{id}/invoice-profile	the buyer's side
 *   PATCH /api/v1/dealers/{id}/invoice-profile	{version, tax_number,
 *						address, phone, bank_name,
 *						bank_account}
 */
#include <string.h>

#include "../core/util.h"
#include "../http/http.h"
#include "invoices.h"

/* s, or JSON null for "" */
static void
str_or_null(cJSON *j, const char *key, const char *s)
{
	if (*s == '\0')
		cJSON_AddNullToObject(j, key);
	else
		cJSON_AddStringToObject(j, key, s);
}

cJSON *
invoices_party_json(const struct invoices_party *p)
{
	cJSON	*j = cJSON_CreateObject();

	if (*p->code != '\0')
		cJSON_AddStringToObject(j, "code", p->code);
	cJSON_AddStringToObject(j, "name", p->name);
	cJSON_AddStringToObject(j, "name_en", p->name_en);
	str_or_null(j, "tax_number", p->tax_number);
	cJSON_AddStringToObject(j, "address", p->address);
	cJSON_AddStringToObject(j, "phone", p->phone);
	cJSON_AddStringToObject(j, "bank_name", p->bank_name);
	cJSON_AddStringToObject(j, "bank_account", p->bank_account);
	return j;
}

cJSON *
invoices_profile_json(const struct invoices_profile *p)
{
	cJSON	*j = invoices_party_json(&p->party);

	cJSON_AddNumberToObject(j, "dealer", (double)p->dealer);
	cJSON_AddNumberToObject(j, "version", (double)p->version);
	str_or_null(j, "updated_at", p->updated_at);
	return j;
}

cJSON *
invoices_doc_json(const struct invoices_doc *d)
{
	const struct invoices_line *l;
	cJSON	*j = cJSON_CreateObject(), *a, *x;
	size_t	 i;

	cJSON_AddNumberToObject(j, "id", (double)d->id);
	cJSON_AddStringToObject(j, "kind", d->kind);
	cJSON_AddNumberToObject(j, "dealer", (double)d->dealer);
	cJSON_AddStringToObject(j, "posted_on", d->posted_on);
	cJSON_AddStringToObject(j, "period", d->period);
	cJSON_AddStringToObject(j, "reference", d->reference);
	cJSON_AddStringToObject(j, "memo", d->memo);
	if (d->reverses != 0)
		cJSON_AddNumberToObject(j, "reverses", (double)d->reverses);
	else
		cJSON_AddNullToObject(j, "reverses");
	cJSON_AddStringToObject(j, "source", d->source);
	str_or_null(j, "document", d->document);
	str_or_null(j, "order_number", d->order_number);
	str_or_null(j, "po_number", d->po_number);
	cJSON_AddItemToObject(j, "seller", invoices_party_json(&d->seller));
	cJSON_AddItemToObject(j, "buyer", invoices_party_json(&d->buyer));
	cJSON_AddNumberToObject(j, "tax_rate", INVOICES_TAX_RATE);
	a = cJSON_AddArrayToObject(j, "lines");
	for (i = 0; i < d->nlines; i++) {
		l = &d->lines[i];
		x = cJSON_CreateObject();
		if (l->no != 0)
			cJSON_AddNumberToObject(x, "line", l->no);
		else
			cJSON_AddNullToObject(x, "line");
		str_or_null(x, "product", l->product);
		cJSON_AddStringToObject(x, "name", l->name);
		cJSON_AddStringToObject(x, "name_en", l->name_en);
		cJSON_AddNumberToObject(x, "quantity", (double)l->quantity);
		cJSON_AddNumberToObject(x, "unit_price", (double)l->unit_price);
		cJSON_AddNumberToObject(x, "amount", (double)l->amount);
		cJSON_AddNumberToObject(x, "net", (double)l->net);
		cJSON_AddNumberToObject(x, "tax", (double)l->tax);
		cJSON_AddItemToArray(a, x);
	}
	cJSON_AddNumberToObject(j, "net", (double)d->net);
	cJSON_AddNumberToObject(j, "tax", (double)d->tax);
	cJSON_AddNumberToObject(j, "total", (double)d->amount);
	cJSON_AddStringToObject(j, "total_words", d->words);
	return j;
}

/* GET /api/v1/invoices/{id} */
int
invoices_get_one(struct req *r)
{
	struct invoices_doc	 d;
	int			 st;

	if ((st = invoices_read(http_db(r), &r->who, http_param_id(r, "id"),
	    &r->err, &d)) != 200)
		return http_refused(r, st);
	st = http_json(r, 200, invoices_doc_json(&d));
	invoices_doc_free(&d);
	return st;
}

/* GET /api/v1/dealers/{id}/invoice-profile */
int
invoices_profile_get(struct req *r)
{
	struct invoices_profile	 p;
	int			 st;

	if ((st = invoices_profile_read(http_db(r), &r->who,
	    http_param_id(r, "id"), &r->err, &p)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, invoices_profile_json(&p));
}

/* PATCH /api/v1/dealers/{id}/invoice-profile */
int
invoices_profile_patch(struct req *r)
{
	static const char *const names[] = { "tax_number", "address",
	    "phone", "bank_name", "bank_account" };
	struct invoices_profile_in in;
	struct invoices_profile	 p;
	const char		**to[] = { &in.tax_number, &in.address,
	    &in.phone, &in.bank_name, &in.bank_account };
	size_t			 i;
	int			 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	memset(&in, 0, sizeof(in));
	/* not sent or null: kept; "" empties it */
	for (i = 0; i < NELEM(names); i++)
		if (json_get_string(r->json, names[i], (size_t)-1, to[i]) ==
		    -1)
			http_field_error(r, names[i], "text");
	if (json_get_int(r->json, "version", 0, INT32_MAX, &in.version) != 0)
		in.version = -1;
	if ((st = invoices_profile_change(http_db(r), &r->who,
	    http_param_id(r, "id"), &in, &r->err, &p)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, invoices_profile_json(&p));
}
