/*
 * fuzz_multipart.c: multipart/form-data bodies (form_multipart), with a
 * boundary taken from the input's first line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi-app/core/util.h"
#include "../../fcgi-app/http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*s = (const char *)data, *nl;
	struct http_params	 p;
	char			 ct[200];
	size_t			 i, k;

	/* "boundary\nbody": the first line makes the Content-Type */
	nl = memchr(s, '\n', size);
	k = nl != NULL ? (size_t)(nl - s) : 0;
	if (k > 100)
		k = 100;
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%.*s", (int)k,
	    s);
	if (nl != NULL) {
		size -= (size_t)(nl - s) + 1;
		s = nl + 1;
	}
	memset(&p, 0, sizeof(p));
	(void)form_multipart(s, size, ct, &p);
	if (p.n > HTTP_MAX_PARAMS)
		abort();
	for (i = 0; i < p.n; i++)
		if (p.v[i].name == NULL || p.v[i].value == NULL ||
		    p.v[i].name[0] == '\0' || strlen(p.v[i].name) >
		    HTTP_MAX_NAME || strlen(p.v[i].value) != p.v[i].len ||
		    p.v[i].len > size ||
		    !util_utf8_valid(p.v[i].name, strlen(p.v[i].name)) ||
		    !util_utf8_valid(p.v[i].value, p.v[i].len))
			abort();
	http_params_free(&p);
	return 0;
}
