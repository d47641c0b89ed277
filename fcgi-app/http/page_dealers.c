/*
 * page_dealers.c: a form's choice of a dealer, among those the caller
 * reaches (auth/scope_dealers.c): the order list, the draft, the book
 */
#include <string.h>

#include "../auth/scope.h"
#include "http.h"

/* One dealer for a select: {id, code, name (the reader's), selected}. */
struct dealer_pick {
	cJSON		*list;
	int64_t		 chosen;
	int		 en;
};

static void
dealer_row(void *ctx, int64_t id, const char *code, const char *name_zh,
    const char *name_en)
{
	struct dealer_pick	*p = ctx;
	cJSON			*d = cJSON_CreateObject();

	cJSON_AddNumberToObject(d, "id", (double)id);
	cJSON_AddStringToObject(d, "code", code);
	cJSON_AddStringToObject(d, "name", p->en ? name_en : name_zh);
	if (id == p->chosen)
		cJSON_AddBoolToObject(d, "selected", 1);
	cJSON_AddItemToArray(p->list, d);
}

/*
 * The dealers a staff member reaches (write: may order for), at most 200,
 * the chosen one selected: for a form's select.
 */
cJSON *
http_page_dealers(struct req *r, struct db *db, int64_t chosen, int write)
{
	struct dealer_pick	 p;

	p.list = cJSON_CreateArray();
	p.chosen = chosen;
	p.en = strcmp(r->lang, "en") == 0;
	scope_dealers(db, &r->who, write, dealer_row, &p);
	return p.list;
}
