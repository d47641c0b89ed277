/*
 * catalogue_labels.c: option values' labels in the reader's language
 *
 * An enum value of an option schema carries its label in each locale
 * beside its code: {"value":"white","price_delta":0,"labels":{"zh-CN":
 * "白色","en":"White"}}.  The code stays the key: pricing, validation,
 * orders, the API and CSV exports use it; only pages show the label.
 * A schema saved (created or changed, by the API or the admin's form)
 * must label every enum value in both locales (catalogue_labels_check());
 * an option may carry labels for its own name too, in both locales when
 * it does (else the page names it from i18n "catalogue_option_<name>").
 * A schema stored before labels existed is still priced, and a value
 * without a label in the reader's locale is shown by its code
 * (catalogue_value_label() returns the code): nothing breaks, and
 * migration 0064 labels the demo's own values.
 */
#include <stdio.h>
#include <string.h>

#include "../core/util.h"
#include "catalogue_labels.h"

static const char *const locales[] = { "zh-CN", "en" };

static void
errf(pricing_error err, void *ctx, const char *field, const char *msg)
{
	if (err != NULL)
		err(ctx, field, msg);
}

/* A label: 1..LABEL_CHARS characters of UTF-8, no control characters. */
static int
text_ok(const cJSON *v)
{
	const unsigned char	*s;
	size_t			 n = 0;

	if (!cJSON_IsString(v) || v->valuestring[0] == '\0' ||
	    strlen(v->valuestring) > LABEL_CHARS * 4 ||
	    !util_utf8_valid(v->valuestring, strlen(v->valuestring)))
		return 0;
	for (s = (const unsigned char *)v->valuestring; *s != '\0'; s++) {
		/* controls, C1 controls (U+0080-009F), and the bidi overrides
		 * and isolates (U+202A-202E, U+2066-2069) that turn text */
		if (*s < 0x20 || *s == 0x7f || (s[0] == 0xc2 && s[1] >= 0x80 &&
		    s[1] <= 0x9f) || (s[0] == 0xe2 && ((s[1] == 0x80 &&
		    s[2] >= 0xaa && s[2] <= 0xae) || (s[1] == 0x81 &&
		    s[2] >= 0xa6 && s[2] <= 0xa9))))
			return 0;
		n += (*s & 0xc0) != 0x80;
	}
	return n <= LABEL_CHARS;
}

/* labels at field: an object of exactly the known locales, each a label. */
static int
labels_ok(const cJSON *labels, const char *field, pricing_error err,
    void *ctx)
{
	const cJSON	*it;
	char		 f[192];
	size_t		 i;
	int		 rc = 0;

	if (!cJSON_IsObject(labels)) {
		errf(err, ctx, field, "an object of zh-CN and en labels");
		return -1;
	}
	cJSON_ArrayForEach(it, labels) {
		for (i = 0; i < NELEM(locales); i++)
			if (strcmp(it->string, locales[i]) == 0)
				break;
		if (i == NELEM(locales)) {
			snprintf(f, sizeof(f), "%s.%.32s", field, it->string);
			errf(err, ctx, f, "only zh-CN and en labels");
			rc = -1;
		}
	}
	for (i = 0; i < NELEM(locales); i++) {
		snprintf(f, sizeof(f), "%s.%s", field, locales[i]);
		if (!text_ok(cJSON_GetObjectItemCaseSensitive(labels,
		    locales[i]))) {
			errf(err, ctx, f, "1 to 40 characters, no control "
			    "characters");
			rc = -1;
		}
	}
	return rc;
}

/*
 * Does a schema (already well-formed: catalogue_pricing_schema_check())
 * label every enum value, and any option that has labels, in zh-CN and
 * en?  0, or -1 after one error per bad label ("options[1].values[0].
 * labels.zh-CN").
 */
int
catalogue_labels_check(const cJSON *schema, pricing_error err, void *ctx)
{
	const cJSON	*o, *v, *l;
	char		 f[128];
	int		 i = 0, j, rc = 0;

	cJSON_ArrayForEach(o, schema) {
		if ((l = cJSON_GetObjectItemCaseSensitive(o, "labels")) !=
		    NULL) {
			snprintf(f, sizeof(f), "options[%d].labels", i);
			if (labels_ok(l, f, err, ctx) == -1)
				rc = -1;
		}
		j = 0;
		cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(o,
		    "values")) {
			snprintf(f, sizeof(f), "options[%d].values[%d].labels",
			    i, j++);
			if (labels_ok(cJSON_GetObjectItemCaseSensitive(v,
			    "labels"), f, err, ctx) == -1)
				rc = -1;
		}
		i++;
	}
	return rc;
}

/* The label of labels in lang ("zh-CN" or "en"), or NULL. */
const char *
catalogue_label_pick(const cJSON *labels, const char *lang)
{
	const cJSON	*v;

	if (!cJSON_IsObject(labels) || lang == NULL)
		return NULL;
	v = cJSON_GetObjectItemCaseSensitive(labels, lang);
	return cJSON_IsString(v) && v->valuestring[0] != '\0' ?
	    v->valuestring : NULL;
}

/*
 * How value of option name reads in lang by schema: its label, else the
 * code itself (a value the schema no longer has, or one stored before
 * labels).
 */
const char *
catalogue_value_label(const cJSON *schema, const char *name,
    const char *value, const char *lang)
{
	const cJSON	*o, *v, *n;
	const char	*l;

	cJSON_ArrayForEach(o, schema) {
		n = cJSON_GetObjectItemCaseSensitive(o, "name");
		if (!cJSON_IsString(n) || strcmp(n->valuestring, name) != 0)
			continue;
		cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(o,
		    "values")) {
			n = cJSON_GetObjectItemCaseSensitive(v, "value");
			if (cJSON_IsString(n) &&
			    strcmp(n->valuestring, value) == 0 &&
			    (l = catalogue_label_pick(
			    cJSON_GetObjectItemCaseSensitive(v, "labels"),
			    lang)) != NULL)
				return l;
		}
	}
	return value;
}

/* The label of option name itself in lang, if the schema gives one. */
const char *
catalogue_option_label(const cJSON *schema, const char *name,
    const char *lang)
{
	const cJSON	*o, *n;

	cJSON_ArrayForEach(o, schema) {
		n = cJSON_GetObjectItemCaseSensitive(o, "name");
		if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
			return catalogue_label_pick(
			    cJSON_GetObjectItemCaseSensitive(o, "labels"),
			    lang);
	}
	return NULL;
}
