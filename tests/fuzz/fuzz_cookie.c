/* fuzz_cookie.c: the Cookie header (cookie_parse). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi-app/http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_params	 p;
	size_t			 i, nlen;

	memset(&p, 0, sizeof(p));
	(void)cookie_parse((const char *)data, size, &p);
	if (p.n > HTTP_MAX_PARAMS)
		abort();
	for (i = 0; i < p.n; i++) {
		if (p.v[i].name == NULL || p.v[i].value == NULL)
			abort();
		/* Only cookie-octets get through: no NUL, ';', ' ' or '='. */
		nlen = strlen(p.v[i].name);
		if (nlen == 0 || nlen > HTTP_MAX_NAME ||
		    strlen(p.v[i].value) != p.v[i].len ||
		    strpbrk(p.v[i].name, "; \t\"=,") != NULL ||
		    strpbrk(p.v[i].value, "; \t\",") != NULL)
			abort();
	}
	(void)http_params_get(&p, "sid");
	(void)http_params_get(&p, "lang");
	(void)http_params_get(&p, "");
	http_params_free(&p);
	return 0;
}
