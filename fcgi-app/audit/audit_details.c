/*
 * audit_details.c: a change's details as the trail shows them: each name
 * with its new value, and its old one under name AUDIT_BEFORE
 */
#include <stdio.h>

#include "audit.h"

static void
before_key(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s%s", name, AUDIT_BEFORE);
}

/* name: before -> after, numbers. */
void
audit_num(cJSON *d, const char *name, int64_t before, int64_t after)
{
	char	 k[64];

	before_key(k, sizeof(k), name);
	cJSON_AddNumberToObject(d, k, (double)before);
	cJSON_AddNumberToObject(d, name, (double)after);
}

/* name: before -> after, texts; NULL is null (none). */
void
audit_text(cJSON *d, const char *name, const char *before, const char *after)
{
	char	 k[64];

	before_key(k, sizeof(k), name);
	if (before != NULL)
		cJSON_AddStringToObject(d, k, before);
	else
		cJSON_AddNullToObject(d, k);
	if (after != NULL)
		cJSON_AddStringToObject(d, name, after);
	else
		cJSON_AddNullToObject(d, name);
}

/* name: before -> after, true or false. */
void
audit_bool(cJSON *d, const char *name, int before, int after)
{
	char	 k[64];

	before_key(k, sizeof(k), name);
	cJSON_AddBoolToObject(d, k, before);
	cJSON_AddBoolToObject(d, name, after);
}
