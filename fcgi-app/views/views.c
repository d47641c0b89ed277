/* views.c: pages from templates, in the reader's language */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "esc.h"
#include "tpl.h"
#include "views.h"

static struct tpl_set	 set;
static cJSON		*catalog[LANG__MAX];
static const char *const codes[LANG__MAX] = { "zh-CN", "en" };

/* Flat {"key":"text"} objects; every key of one must be in the other. */
static int
load_catalogs(const char *dir, char *err, size_t errsz)
{
	char		 path[512], *text;
	const cJSON	*it;
	size_t		 len;
	int		 i;

	for (i = 0; i < LANG__MAX; i++) {
		snprintf(path, sizeof(path), "%s/i18n/%s.json", dir, codes[i]);
		if (util_read_file(path, &text, &len, 1 << 20) == -1) {
			snprintf(err, errsz, "%s: cannot read", path);
			return -1;
		}
		catalog[i] = cJSON_ParseWithLength(text, len);
		free(text);
		if (!cJSON_IsObject(catalog[i])) {
			snprintf(err, errsz, "%s: not a JSON object", path);
			return -1;
		}
		cJSON_ArrayForEach(it, catalog[i])
			if (!cJSON_IsString(it)) {
				snprintf(err, errsz, "%s: %s is not a string",
				    path, it->string);
				return -1;
			}
	}
	cJSON_ArrayForEach(it, catalog[LANG_ZH])
		if (!cJSON_HasObjectItem(catalog[LANG_EN], it->string)) {
			snprintf(err, errsz, "en.json lacks '%s'", it->string);
			return -1;
		}
	cJSON_ArrayForEach(it, catalog[LANG_EN])
		if (!cJSON_HasObjectItem(catalog[LANG_ZH], it->string)) {
			snprintf(err, errsz, "zh-CN.json lacks '%s'", it->string);
			return -1;
		}
	return 0;
}

int
views_init(const char *dir, char *err, size_t errsz)
{
	if (tpl_set_load_dir(&set, dir, err, errsz) == -1 ||
	    load_catalogs(dir, err, errsz) == -1) {
		views_free();
		return -1;
	}
	if (!tpl_set_has(&set, "layout")) {
		snprintf(err, errsz, "%s/layout.html is missing", dir);
		views_free();
		return -1;
	}
	return 0;
}

void
views_free(void)
{
	int	 i;

	tpl_set_free(&set);
	for (i = 0; i < LANG__MAX; i++) {
		cJSON_Delete(catalog[i]);
		catalog[i] = NULL;
	}
}

const char *
views_lang_code(enum lang l)
{
	return codes[(unsigned)l < LANG__MAX ? l : LANG_ZH];
}

int
views_lang_parse(const char *s, enum lang *out)
{
	int	 i;

	for (i = 0; s != NULL && i < LANG__MAX; i++)
		if (strcmp(s, codes[i]) == 0) {
			*out = (enum lang)i;
			return 0;
		}
	return -1;
}

/* "zh", "zh-CN", "zh-Hans-CN" are Chinese; "en", "en-GB" English. */
static int
tag_lang(const char *tag, size_t n, enum lang *out)
{
	if (n >= 2 && strncasecmp(tag, "zh", 2) == 0 &&
	    (n == 2 || tag[2] == '-')) {
		*out = LANG_ZH;
		return 0;
	}
	if (n >= 2 && strncasecmp(tag, "en", 2) == 0 &&
	    (n == 2 || tag[2] == '-')) {
		*out = LANG_EN;
		return 0;
	}
	return -1;
}

/* q=0.8 -> 800; malformed -> 1000 as if absent. */
static int
qvalue(const char *p, const char *e)
{
	int	 q = 0, scale = 100;

	while (p < e && *p == ' ')
		p++;
	if (e - p < 3 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=')
		return 1000;
	p += 2;
	if (*p == '1')
		return 1000;
	if (*p++ != '0')
		return 1000;
	if (p < e && *p == '.')
		for (p++; p < e && isdigit((unsigned char)*p) && scale > 0;
		    p++, scale /= 10)
			q += (*p - '0') * scale;
	return q;
}

/*
 * The cookie wins; then the Accept-Language entry with the highest q
 * that we speak; then Chinese.
 */
enum lang
views_lang_pick(const char *cookie, const char *accept)
{
	enum lang	 l, best = LANG_ZH;
	const char	*p, *e, *semi, *te;
	int		 q, bestq = 0;

	if (views_lang_parse(cookie, &l) == 0)
		return l;
	if (accept == NULL || strlen(accept) > 4096)
		return LANG_ZH;
	for (p = accept; *p != '\0'; p = *e ? e + 1 : e) {
		size_t	 len = strcspn(p, ",");

		e = p + len;
		while (*p == ' ' && p < e)
			p++;
		len = strcspn(p, ",;");
		semi = p[len] == ';' ? p + len : NULL;
		te = p + len;
		while (te > p && te[-1] == ' ')
			te--;
		q = semi != NULL ? qvalue(semi + 1, e) : 1000;
		if (tag_lang(p, (size_t)(te - p), &l) == 0 && q > bestq) {
			best = l;
			bestq = q;
		}
	}
	return best;
}

/* A message of the catalogue, or the key itself if it has none. */
const char *
views_text(enum lang l, const char *key)
{
	const cJSON	*v;

	v = cJSON_GetObjectItemCaseSensitive(catalog[(unsigned)l < LANG__MAX ?
	    l : LANG_ZH], key);
	return cJSON_IsString(v) ? v->valuestring : key;
}

/*
 * Render page inside the layout.  ctx (kept by the caller) gains the
 * keys every page uses: lang, t (the messages), path, path_url (for
 * a query string) and html_body.
 */
int
views_render(const char *page, enum lang l, const char *path, cJSON *ctx,
    struct buf *out)
{
	struct buf	 body;
	cJSON		*t = NULL;
	int		 rc = -1;

	buf_init(&body);
	esc_url(&body, path, strlen(path));
	cJSON_DeleteItemFromObjectCaseSensitive(ctx, "path_url");
	cJSON_AddStringToObject(ctx, "path_url", buf_cstr(&body));
	buf_reset(&body);
	if (cJSON_GetObjectItemCaseSensitive(ctx, "t") == NULL) {
		if ((t = cJSON_CreateObjectReference(catalog[l]->child)) ==
		    NULL)
			goto out;
		cJSON_AddItemToObject(ctx, "t", t);
	}
	cJSON_DeleteItemFromObjectCaseSensitive(ctx, "lang");
	cJSON_AddStringToObject(ctx, "lang", codes[l]);
	cJSON_AddBoolToObject(ctx, l == LANG_ZH ? "lang_zh" : "lang_en", 1);
	cJSON_DeleteItemFromObjectCaseSensitive(ctx, "path");
	cJSON_AddStringToObject(ctx, "path", path);
	if (tpl_render(&set, page, ctx, &body) == -1)
		goto out;
	cJSON_DeleteItemFromObjectCaseSensitive(ctx, "html_body");
	if (cJSON_AddStringToObject(ctx, "html_body", buf_cstr(&body)) == NULL)
		goto out;
	rc = tpl_render(&set, "layout", ctx, out);
out:
	buf_free(&body);
	return rc;
}
