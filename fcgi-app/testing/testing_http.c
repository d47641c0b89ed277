/*
 * testing_http.c: routes that exist only in test builds
 *
 * Built with -DDEALERNET_TEST_ROUTES (the test and sanitizer binaries),
 * never into build/dealernetd.  They let the API tests hold a request in
 * flight (graceful shutdown) and post bodies to a route that only parses
 * them (limits of the request parser).
 */
#ifdef DEALERNET_TEST_ROUTES
#include <stdlib.h>
#include <time.h>

#include "../http/http.h"
#include "testing.h"

/* GET /api/v1/_test/sleep?ms=N (N <= 10000): answers after N ms. */
int
testing_sleep_get(struct req *r)
{
	const char	*ms = http_query(r, "ms");
	struct timespec	 ts;
	cJSON		*j;
	long		 n;

	n = ms != NULL ? strtol(ms, NULL, 10) : 0;
	if (n < 0 || n > 10000)
		return http_error(r, 422, "validation_failed", "ms: 0..10000");
	ts.tv_sec = n / 1000;
	ts.tv_nsec = (n % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1)
		;
	if ((j = cJSON_CreateObject()) == NULL)
		return 500;
	cJSON_AddNumberToObject(j, "slept_ms", (double)n);
	return http_json(r, 200, j);
}

/* POST /api/v1/_test/echo: the parsed JSON body, or the form, back. */
int
testing_echo_post(struct req *r)
{
	cJSON	*j, *f;
	size_t	 i;

	if (r->json != NULL)
		return http_json(r, 200, cJSON_Duplicate(r->json, 1));
	if ((j = cJSON_CreateObject()) == NULL)
		return 500;
	f = cJSON_AddObjectToObject(j, "form");
	for (i = 0; f != NULL && i < r->form.n; i++)
		cJSON_AddStringToObject(f, r->form.v[i].name,
		    r->form.v[i].value);
	return http_json(r, 200, j);
}
#endif
