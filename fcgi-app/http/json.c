/* json.c: strict JSON bodies on top of cJSON, and typed field reads */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "http.h"

/*
 * Scan the raw text once before cJSON sees it: nesting deeper than max
 * and the escape \u0000 (which cJSON would silently truncate at) are
 * refused.  Returns 1 if fine, 0 if refused.
 */
int
json_depth_ok(const char *s, size_t n, int max)
{
	size_t	 i;
	int	 depth = 0, in_str = 0;

	for (i = 0; i < n; i++) {
		if (in_str) {
			if (s[i] == '\\') {
				if (i + 5 < n && s[i + 1] == 'u' &&
				    memcmp(s + i + 2, "0000", 4) == 0)
					return 0;
				i++;
			} else if (s[i] == '"')
				in_str = 0;
			continue;
		}
		switch (s[i]) {
		case '"':
			in_str = 1;
			break;
		case '[':
		case '{':
			if (++depth > max)
				return 0;
			break;
		case ']':
		case '}':
			depth--;
			break;
		}
	}
	return 1;
}

static int
cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Objects must not repeat a key nor hold more than HTTP_JSON_KEYS of them,
 * at any depth.  Sorting keeps the check O(n log n) per object.
 */
static int
keys_ok(const cJSON *j)
{
	const char	*keys[HTTP_JSON_KEYS];
	const cJSON	*a;
	size_t		 n = 0, i;

	for (a = j->child; a != NULL; a = a->next) {
		if (cJSON_IsObject(j)) {
			if (n == HTTP_JSON_KEYS)
				return 0;
			keys[n++] = a->string;
		}
		if (a->child != NULL && !keys_ok(a))
			return 0;
	}
	qsort(keys, n, sizeof(keys[0]), cmp_keys);
	for (i = 1; i < n; i++)
		if (strcmp(keys[i - 1], keys[i]) == 0)
			return 0;
	return 1;
}

/*
 * Parse a request body.  On failure *why says what was wrong in words a
 * client can act on; the caller answers 400.
 */
int
json_parse_body(const char *s, size_t n, cJSON **out, const char **why)
{
	const char	*end = NULL;
	cJSON		*j;

	*out = NULL;
	if (n == 0) {
		*why = "the body is empty";
		return -1;
	}
	if (memchr(s, '\0', n) != NULL || !util_utf8_valid(s, n)) {
		*why = "the body is not UTF-8 text";
		return -1;
	}
	if (!json_depth_ok(s, n, HTTP_JSON_DEPTH)) {
		*why = "the body nests too deeply or holds \\u0000";
		return -1;
	}
	/* s[n] is NUL; counting it lets cJSON insist nothing follows. */
	if ((j = cJSON_ParseWithLengthOpts(s, n + 1, &end, 1)) == NULL) {
		*why = "the body is not valid JSON";
		return -1;
	}
	if (!keys_ok(j)) {
		cJSON_Delete(j);
		*why = "an object repeats a key or has too many keys";
		return -1;
	}
	*out = j;
	return 0;
}

/*
 * Read obj.key as a string of at most max bytes.  Returns 0 and sets *out,
 * 1 if absent or null, -1 if of the wrong type or too long.
 */
int
json_get_string(const cJSON *obj, const char *key, size_t max,
    const char **out)
{
	const cJSON	*v;

	*out = NULL;
	v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (v == NULL || cJSON_IsNull(v))
		return 1;
	if (!cJSON_IsString(v) || strlen(v->valuestring) > max)
		return -1;
	*out = v->valuestring;
	return 0;
}

/*
 * Read obj.key as an exact integer within [min, max].  A float, 1e400 or
 * anything from 2^53 on is refused: a double cannot hold it exactly.
 * Returns 0, 1 if absent or null, -1 if invalid.
 */
int
json_get_int(const cJSON *obj, const char *key, int64_t min, int64_t max,
    int64_t *out)
{
	const cJSON	*v;
	double		 d;

	v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (v == NULL || cJSON_IsNull(v))
		return 1;
	if (!cJSON_IsNumber(v))
		return -1;
	d = v->valuedouble;
	if (!isfinite(d) || d != floor(d) || fabs(d) >= 9007199254740992.0)
		return -1;
	if ((int64_t)d < min || (int64_t)d > max)
		return -1;
	*out = (int64_t)d;
	return 0;
}

/*
 * A member of j under key, a string literal: cJSON keeps the pointer
 * instead of a copy (one malloc and strlen fewer for every field of a
 * list's rows).  A NULL v is an empty string, as cJSON prints it.
 */
void
json_put_str(cJSON *j, const char *key, const char *v)
{
	cJSON_AddItemToObjectCS(j, key, cJSON_CreateString(v != NULL ? v : ""));
}

void
json_put_num(cJSON *j, const char *key, double v)
{
	cJSON_AddItemToObjectCS(j, key, cJSON_CreateNumber(v));
}

/* s as a JSON string, escaped as cJSON escapes it. */
static void
write_string(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*p, *run;
	char			 u[6] = { '\\', 'u', '0', '0', 0, 0 };

	buf_addc(b, '"');
	for (run = p = (const unsigned char *)(s != NULL ? s : ""); *p != '\0';
	    p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		buf_add(b, run, (size_t)(p - run));
		run = p + 1;
		switch (*p) {
		case '"':	buf_add(b, "\\\"", 2); break;
		case '\\':	buf_add(b, "\\\\", 2); break;
		case '\b':	buf_add(b, "\\b", 2); break;
		case '\f':	buf_add(b, "\\f", 2); break;
		case '\n':	buf_add(b, "\\n", 2); break;
		case '\r':	buf_add(b, "\\r", 2); break;
		case '\t':	buf_add(b, "\\t", 2); break;
		default:
			u[4] = hex[*p >> 4];
			u[5] = hex[*p & 15];
			buf_add(b, u, 6);
		}
	}
	buf_add(b, run, (size_t)(p - run));
	buf_addc(b, '"');
}

/*
 * A number: an integral one (money, ids, counts) as its digits, without
 * printf; any other as cJSON prints it (15 significant digits, 17 if 15
 * do not read back as the same number).
 */
static void
write_number(struct buf *b, double d)
{
	char		 n[32], *e = n + sizeof(n);
	uint64_t	 v;
	double		 t;

	if (isnan(d) || isinf(d)) {
		buf_add(b, "null", 4);
		return;
	}
	if (d == trunc(d) && fabs(d) < 9007199254740992.0) {	/* 2^53 */
		v = (uint64_t)fabs(d);
		do
			*--e = (char)('0' + v % 10);
		while ((v /= 10) != 0);
		if (d < 0)
			*--e = '-';
		buf_add(b, e, (size_t)(n + sizeof(n) - e));
		return;
	}
	snprintf(n, sizeof(n), "%1.15g", d);
	t = strtod(n, NULL);
	if (fabs(t - d) > fmax(fabs(t), fabs(d)) * DBL_EPSILON)
		snprintf(n, sizeof(n), "%1.17g", d);
	buf_adds(b, n);
}

/*
 * j as compact JSON at the end of b, straight into the buffer.  The same
 * bytes as cJSON_PrintUnformatted, but for integral numbers of 10^15 or
 * more (digits here, an exponent there) and -0 (0 here), without its
 * intermediate string, its strlen of every piece, and its printf and
 * scanf of every number (1.7.15 prints all with %1.15g and scans them
 * back): a page of 50 orders spent a tenth of the app's time there
 * (perf, tests/bench/findings.md).  0, or -1 (out of memory, or an item
 * cJSON could not print either).
 */
int
json_write(struct buf *b, const cJSON *j)
{
	const cJSON	*c;

	switch (j->type & 0xff) {
	case cJSON_False:
		buf_add(b, "false", 5);
		break;
	case cJSON_True:
		buf_add(b, "true", 4);
		break;
	case cJSON_NULL:
		buf_add(b, "null", 4);
		break;
	case cJSON_Number:
		write_number(b, j->valuedouble);
		break;
	case cJSON_String:
		write_string(b, j->valuestring);
		break;
	case cJSON_Raw:
		if (j->valuestring == NULL)
			return -1;
		buf_adds(b, j->valuestring);
		break;
	case cJSON_Array:
	case cJSON_Object:
		buf_addc(b, cJSON_IsArray(j) ? '[' : '{');
		for (c = j->child; c != NULL; c = c->next) {
			if (c != j->child)
				buf_addc(b, ',');
			if (cJSON_IsObject(j)) {
				write_string(b, c->string);
				buf_addc(b, ':');
			}
			if (json_write(b, c) == -1)
				return -1;
		}
		buf_addc(b, cJSON_IsArray(j) ? ']' : '}');
		break;
	default:
		return -1;
	}
	return b->oom ? -1 : 0;
}
