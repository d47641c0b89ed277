/*
 * catalogue_admin_labels.c: the admin's product form edits each option
 * value's zh-CN and en labels in plain fields (issue #25)
 *
 * The schema stays one JSON textarea (its structure: options, values,
 * deltas); beside it, each enum value has a field per locale, named by
 * the option's and the value's codes ("label.zh-CN.colour.white"), so a
 * value moved in the textarea keeps its labels.  A posted field wins over
 * the textarea's label for the same value; the result goes through the
 * same checks as the API (catalogue_labels_check() in catalogue_ops.c),
 * whose field names ("options[1].values[0].labels.zh-CN") the page shows
 * beside the field they concern.
 */
#include <stdio.h>
#include <string.h>

#include "../core/util.h"
#include "../http/http.h"
#include "catalogue.h"
#include "catalogue_labels.h"

static const char *const locales[] = { "zh-CN", "en" };

/* The form field of a value's label in locale loc. */
static void
field_name(char *buf, size_t n, const char *loc, const char *opt,
    const char *val)
{
	snprintf(buf, n, "label.%s.%s.%s", loc, opt, val);
}

/* Put the posted label fields into schema (an array the form parsed). */
void
catalogue_admin_labels_apply(struct req *r, cJSON *schema)
{
	cJSON		*o, *v, *labels;
	const char	*opt, *val, *typed;
	char		 name[160];
	size_t		 k;

	cJSON_ArrayForEach(o, schema) {
		opt = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o,
		    "name"));
		cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(o,
		    "values")) {
			val = cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(v, "value"));
			if (opt == NULL || val == NULL || !cJSON_IsObject(v))
				continue;
			for (k = 0; k < NELEM(locales); k++) {
				field_name(name, sizeof(name), locales[k], opt,
				    val);
				if ((typed = http_formval(r, name)) == NULL)
					continue;
				labels = cJSON_GetObjectItemCaseSensitive(v,
				    "labels");
				if (!cJSON_IsObject(labels)) {
					cJSON_DeleteItemFromObjectCaseSensitive(
					    v, "labels");
					labels = cJSON_AddObjectToObject(v,
					    "labels");
				}
				cJSON_DeleteItemFromObjectCaseSensitive(labels,
				    locales[k]);
				cJSON_AddStringToObject(labels, locales[k],
				    typed);
			}
		}
	}
}

/*
 * The label fields of schema for the page: each enum option with its
 * values, each value's two fields with what was typed (after a refusal)
 * or what is stored, and the message of errs (field -> message) that
 * concerns it.
 */
cJSON *
catalogue_admin_labels_fields(struct req *r, const cJSON *schema,
    const cJSON *errs)
{
	const cJSON	*o, *v, *e;
	cJSON		*list = cJSON_CreateArray(), *jo, *vals, *jv;
	const char	*opt, *val, *typed, *stored;
	char		 name[160], key[192], id[48];
	int		 i = 0, j;
	size_t		 k;

	cJSON_ArrayForEach(o, schema) {
		opt = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o,
		    "name"));
		vals = NULL;
		j = 0;
		cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(o,
		    "values")) {
			val = cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(v, "value"));
			if (opt == NULL || val == NULL) {
				j++;
				continue;
			}
			if (vals == NULL) {
				jo = cJSON_CreateObject();
				cJSON_AddStringToObject(jo, "name", opt);
				snprintf(key, sizeof(key), "catalogue_option_%s",
				    opt);
				cJSON_AddStringToObject(jo, "label",
				    http_i18n(r, key));
				vals = cJSON_AddArrayToObject(jo, "values");
				cJSON_AddItemToArray(list, jo);
			}
			jv = cJSON_CreateObject();
			cJSON_AddStringToObject(jv, "code", val);
			for (k = 0; k < NELEM(locales); k++) {
				const char *tag = k == 0 ? "zh" : "en";

				field_name(name, sizeof(name), locales[k], opt,
				    val);
				snprintf(key, sizeof(key), "%s_name", tag);
				cJSON_AddStringToObject(jv, key, name);
				snprintf(id, sizeof(id), "lbl-%d-%d-%s", i, j,
				    tag);
				snprintf(key, sizeof(key), "%s_id", tag);
				cJSON_AddStringToObject(jv, key, id);
				stored = catalogue_label_pick(
				    cJSON_GetObjectItemCaseSensitive(v,
				    "labels"), locales[k]);
				typed = http_formval(r, name);
				cJSON_AddStringToObject(jv, tag, typed != NULL ?
				    typed : stored != NULL ? stored : "");
				snprintf(key, sizeof(key),
				    "options[%d].values[%d].labels.%s", i, j,
				    locales[k]);
				if ((e = cJSON_GetObjectItemCaseSensitive(errs,
				    key)) == NULL) {
					snprintf(key, sizeof(key),
					    "options[%d].values[%d].labels", i,
					    j);
					e = cJSON_GetObjectItemCaseSensitive(errs,
					    key);
				}
				snprintf(key, sizeof(key), "%s_error", tag);
				if (cJSON_IsString(e))
					cJSON_AddStringToObject(jv, key,
					    e->valuestring);
			}
			cJSON_AddItemToArray(vals, jv);
			j++;
		}
		i++;
	}
	return list;
}
