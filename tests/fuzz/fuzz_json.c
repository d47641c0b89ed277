/*
 * fuzz_json.c: JSON request bodies (json_parse_body, json_depth_ok and the
 * typed field reads), fed the way the app feeds them: a copy of the body
 * with a NUL after its last byte; and what the parse gave written back by
 * json_write, byte for byte as cJSON_PrintUnformatted writes it.
 */
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi-app/http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Every object in the tree: read each of its keys both ways. */
static void
walk(const cJSON *j, int depth)
{
	const cJSON	*c;
	const char	*s;
	int64_t		 v;
	int		 rc;

	if (depth > HTTP_JSON_DEPTH + 1)	/* json_depth_ok let it through */
		abort();
	if (cJSON_IsObject(j))
		for (c = j->child; c != NULL; c = c->next) {
			if (c->string == NULL)
				abort();
			rc = json_get_string(j, c->string, 64, &s);
			if (rc == 0 && (s == NULL || strlen(s) > 64))
				abort();
			if (rc != 0 && s != NULL)
				abort();
			rc = json_get_int(j, c->string, INT64_MIN, INT64_MAX,
			    &v);
			if (rc == 0 && !cJSON_IsNumber(c))
				abort();
			rc = json_get_int(j, c->string, -1000, 1000, &v);
			if (rc == 0 && (v < -1000 || v > 1000))
				abort();
		}
	for (c = j->child; c != NULL; c = c->next)
		walk(c, depth + 1);
}

/* Any number json_write spells differently (integral >= 10^15, -0)? */
static int
spelt_apart(const cJSON *j)
{
	const cJSON	*c;

	if (cJSON_IsNumber(j) && j->valuedouble == trunc(j->valuedouble) &&
	    (fabs(j->valuedouble) >= 1e15 || (j->valuedouble == 0 &&
	    signbit(j->valuedouble))))
		return 1;
	for (c = j->child; c != NULL; c = c->next)
		if (spelt_apart(c))
			return 1;
	return 0;
}

static void
write_back(const cJSON *j)
{
	struct buf	 b;
	char		*c = cJSON_PrintUnformatted(j);

	buf_init(&b);
	if (json_write(&b, j) == -1 || c == NULL)
		abort();
	if (!spelt_apart(j) && strcmp(buf_cstr(&b), c) != 0)
		abort();
	cJSON_free(c);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*why = NULL, *s;
	cJSON		*j = NULL;
	char		*body;
	int64_t		 v;

	/* On the exact-size buffer, so an over-read is caught. */
	(void)json_depth_ok((const char *)data, size, 0);
	(void)json_depth_ok((const char *)data, size, 1);
	(void)json_depth_ok((const char *)data, size, HTTP_JSON_DEPTH);

	if ((body = malloc(size + 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(body, data, size);
	body[size] = '\0';

	if (json_parse_body(body, size, &j, &why) == 0) {
		if (j == NULL)
			abort();
		if (!json_depth_ok(body, size, HTTP_JSON_DEPTH))
			abort();
		walk(j, 0);
		write_back(j);
		/* Keys that are not there, on whatever the root is. */
		if (json_get_string(j, "no such key", 16, &s) == 0 &&
		    !cJSON_IsObject(j))
			abort();
		(void)json_get_int(j, "", 0, 10, &v);
		cJSON_Delete(j);
	} else if (j != NULL || why == NULL)
		abort();
	free(body);
	return 0;
}
