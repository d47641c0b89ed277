/*
 * providers_form.c: a provider's form, both ways: the posted fields into
 * the operations' input, and a profile (as the API shows it, or as
 * posted) into the values the form shows
 *
 * The areas are a textarea, a row per line: "city category", e.g.
 * "北京 fridge"; the last word is the line's code, the rest the city.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../http/http.h"
#include "providers.h"

/* A form's field; an empty one is left out, as if not sent. */
static const char *
given(struct req *r, const char *name)
{
	const char	*v = http_formval(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* The checked days of the form's "days" boxes into bits (0: none). */
static int
days_posted(struct req *r)
{
	size_t	 i;
	int	 d, bits = 0;

	for (i = 0; i < r->form.n; i++)
		for (d = 0; d < 7; d++)
			if (strcmp(r->form.v[i].name, "days") == 0 &&
			    strcmp(r->form.v[i].value, providers_days[d]) == 0)
				bits |= 1 << d;
	return bits;
}

/*
 * Split the textarea's rows into p->areas, in place in buf (size bytes):
 * the count, or -2 if the text does not fit buf (never a row cut short),
 * there are too many rows or a row has one word.
 */
static int
areas_posted(const char *text, char *buf, size_t size,
    struct providers_input *p)
{
	char	*line, *next, *end, *sp;
	int	 n = 0;

	if (text == NULL)
		text = "";
	if (strlen(text) >= size)
		return -2;
	memcpy(buf, text, strlen(text) + 1);
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line += strspn(line, " \t\r");
		end = line + strlen(line);
		while (end > line && strchr(" \t\r", end[-1]) != NULL)
			*--end = '\0';
		if (*line == '\0')
			continue;
		if (n == PROVIDERS_AREAS_MAX ||
		    (sp = strrchr(line, ' ')) == NULL)
			return -2;
		p->areas[n].category = sp + 1;
		while (sp > line && sp[-1] == ' ')
			sp--;
		*sp = '\0';
		p->areas[n++].city = line;
	}
	return n;
}

/*
 * The posted profile into p (buf holds the areas' text).  create: a new
 * one (code and region); else the version to change.
 */
void
providers_form_input(struct req *r, struct providers_input *p, char *buf,
    size_t size, int create)
{
	const char	*lat = given(r, "lat"), *lng = given(r, "lng");

	providers_input_init(p);
	if (create) {
		p->code = given(r, "code");
		if (util_parse_int(http_formval(r, "region"), 1,
		    INT64_C(1) << 52, &p->region) == -1)
			p->region = 0;
	} else if (util_parse_int(http_formval(r, "version"), 1, INT32_MAX,
	    &p->version) == -1)
		p->version = 0;
	p->name_zh = given(r, "name_zh");
	p->name_en = given(r, "name_en");
	p->city = given(r, "city");
	p->address = given(r, "address");
	/* a phone emptied is a change to none */
	p->phone = http_formval(r, "phone");
	p->located = lat == NULL && lng == NULL ? 0 :
	    providers_degrees(lat, 90, &p->lat_e6) == 0 &&
	    providers_degrees(lng, 180, &p->lng_e6) == 0 ? 1 : -1;
	if (util_parse_int(http_formval(r, "capacity"), 1, 1000,
	    &p->capacity) == -1)
		p->capacity = 0;
	p->days = days_posted(r);
	p->opens = given(r, "opens");
	p->closes = given(r, "closes");
	p->nareas = areas_posted(http_formval(r, "areas"), buf, size, p);
	p->active = http_formval(r, "active") != NULL;
}

/* The seven day boxes, those in bits checked. */
static void
days_ctx(struct req *r, cJSON *form, int bits)
{
	cJSON	*a = cJSON_AddArrayToObject(form, "days"), *it;
	char	 key[24];
	int	 d;

	for (d = 0; d < 7; d++) {
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "day", providers_days[d]);
		snprintf(key, sizeof(key), "providers_day_%s",
		    providers_days[d]);
		cJSON_AddStringToObject(it, "label", http_i18n(r, key));
		cJSON_AddBoolToObject(it, "checked", (bits >> d) & 1);
		cJSON_AddItemToArray(a, it);
	}
}

static void
copy_str(cJSON *to, const cJSON *from, const char *key)
{
	const char	*v = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(from, key));

	cJSON_AddStringToObject(to, key, v != NULL ? v : "");
}

/* The form's values from a provider as the API shows it. */
cJSON *
providers_form_of(struct req *r, const cJSON *p)
{
	cJSON		*f = cJSON_CreateObject();
	const cJSON	*it, *l = cJSON_GetObjectItemCaseSensitive(p,
	    "location");
	struct buf	 b;
	char		 num[32];
	int		 bits = 0, d;

	copy_str(f, p, "code");
	copy_str(f, p, "name_zh");
	copy_str(f, p, "name_en");
	copy_str(f, p, "city");
	copy_str(f, p, "address");
	copy_str(f, p, "phone");
	copy_str(f, p, "opens");
	copy_str(f, p, "closes");
	snprintf(num, sizeof(num), "%.6f", cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(l, "lat")));
	cJSON_AddStringToObject(f, "lat", num);
	snprintf(num, sizeof(num), "%.6f", cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(l, "lng")));
	cJSON_AddStringToObject(f, "lng", num);
	snprintf(num, sizeof(num), "%.0f", cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(p, "capacity")));
	cJSON_AddStringToObject(f, "capacity", num);
	snprintf(num, sizeof(num), "%.0f", cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(p, "version")));
	cJSON_AddStringToObject(f, "version", num);
	cJSON_AddBoolToObject(f, "active", cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(p, "active")));
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(p, "days"))
		for (d = 0; d < 7; d++)
			if (strcmp(it->valuestring, providers_days[d]) == 0)
				bits |= 1 << d;
	days_ctx(r, f, bits);
	buf_init(&b);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(p, "areas"))
		buf_printf(&b, "%s %s\n", cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, "city")),
		    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it,
		    "category")));
	cJSON_AddStringToObject(f, "areas", b.len ? buf_cstr(&b) : "");
	buf_free(&b);
	return f;
}

/* The form's values as posted (shown again with the refusal). */
cJSON *
providers_form_posted(struct req *r)
{
	static const char *const keys[] = { "code", "name_zh", "name_en",
		"city", "address", "phone", "opens", "closes", "lat", "lng",
		"capacity", "version", "areas", "region", NULL };
	cJSON	*f = cJSON_CreateObject();
	int	 i;

	for (i = 0; keys[i] != NULL; i++)
		cJSON_AddStringToObject(f, keys[i], http_formval(r, keys[i]) !=
		    NULL ? http_formval(r, keys[i]) : "");
	cJSON_AddBoolToObject(f, "active", http_formval(r, "active") != NULL);
	days_ctx(r, f, days_posted(r));
	return f;
}

/* A new provider's form: its defaults (the table's). */
cJSON *
providers_form_new(struct req *r)
{
	cJSON	*f = cJSON_CreateObject();

	cJSON_AddStringToObject(f, "opens", "08:00");
	cJSON_AddStringToObject(f, "closes", "20:00");
	cJSON_AddStringToObject(f, "capacity", "5");
	cJSON_AddBoolToObject(f, "active", 1);
	days_ctx(r, f, 0x3f);
	return f;
}

/*
 * The product lines (for the areas' help and the list's filter) and, for
 * HQ, the regions to choose from, with chosen selected: into ctx.
 */
int
providers_form_choices(struct req *r, struct db *db, cJSON *ctx,
    const char *chosen)
{
	cJSON	*cats, *regions, *it;
	int64_t	 reach;
	char	 id[24];

	if (providers_categories(db, &cats) == -1)
		return -1;
	cJSON_ArrayForEach(it, cats)
		cJSON_AddStringToObject(it, "name", cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, strcmp(r->lang, "en")
		    == 0 ? "name_en" : "name_zh")));
	cJSON_AddItemToObject(ctx, "categories", cats);
	if (providers_reach(&r->who, &reach) == -1 || reach != 0)
		return 0;	/* a region's own: no choice */
	if (providers_regions(db, &regions) == -1)
		return -1;
	cJSON_ArrayForEach(it, regions) {
		snprintf(id, sizeof(id), "%.0f", cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(it, "id")));
		cJSON_AddBoolToObject(it, "selected", chosen != NULL &&
		    strcmp(chosen, id) == 0);
		cJSON_AddStringToObject(it, "name", cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, strcmp(r->lang, "en")
		    == 0 ? "name_en" : "name_zh")));
	}
	cJSON_AddItemToObject(ctx, "regions", regions);
	return 0;
}
