/* router.c: match a method and path against the route table */
#include <string.h>

#include "http.h"

/*
 * A document number ({number}: an order's, a complaint's, a service
 * job's) is ASCII letters, digits and '-'.  Anything else matches no
 * route (404) before it reaches the database, whose ascii columns would
 * refuse to compare it with utf8mb4 text (error 1267, a 500 before).
 */
static int
number_ok(const char *v, size_t n)
{
	return n <= 32 && strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-") >= n;
}

/*
 * Match one pattern; on success the {names} land in params.  A path
 * parameter is one non-empty segment of at most HTTP_MAX_SEGMENT bytes.
 */
static int
match(const char *pat, const char *path, struct http_params *params)
{
	const char	*pe, *se, *name;

	while (*pat != '\0' && *path != '\0') {
		if (*pat == '{') {
			name = pat + 1;
			if ((pe = strchr(name, '}')) == NULL)
				return 0;
			se = path + strcspn(path, "/");
			if (se == path || se - path > HTTP_MAX_SEGMENT)
				return 0;
			if (pe - name == 6 && strncmp(name, "number", 6) == 0 &&
			    !number_ok(path, (size_t)(se - path)))
				return 0;
			if (params != NULL && http_params_add(params, name,
			    (size_t)(pe - name), path, (size_t)(se - path)) == -1)
				return 0;
			pat = pe + 1;
			path = se;
			continue;
		}
		if (*pat++ != *path++)
			return 0;
	}
	return *pat == '\0' && *path == '\0';
}

/*
 * On ROUTER_OK, *idx is the route and params hold its {names}; on
 * ROUTER_BAD_METHOD, *allowed has a bit per method the path takes.
 * HEAD is served by the GET route.
 */
enum router_result
router_match(const struct route *t, size_t n, enum http_method m,
    const char *path, struct http_params *params, size_t *idx,
    unsigned *allowed)
{
	enum http_method	 want = m == HTTP_HEAD ? HTTP_GET : m;
	size_t			 i;

	*allowed = 0;
	for (i = 0; i < n; i++) {
		if (!match(t[i].pattern, path, NULL))
			continue;
		if (t[i].method != want) {
			*allowed |= 1u << t[i].method;
			if (t[i].method == HTTP_GET)
				*allowed |= 1u << HTTP_HEAD;
			continue;
		}
		http_params_free(params);
		if (!match(t[i].pattern, path, params))
			return ROUTER_NOT_FOUND;
		*idx = i;
		return ROUTER_OK;
	}
	return *allowed ? ROUTER_BAD_METHOD : ROUTER_NOT_FOUND;
}
