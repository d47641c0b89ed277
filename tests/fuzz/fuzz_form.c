/*
 * fuzz_form.c: urlencoded query strings and bodies (form_parse) and the
 * percent-decoder under them (form_decode, with '+' as space and not).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi-app/http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What a successful decode promises: NUL-terminated, no NUL inside. */
static void
check_decoded(const struct buf *b, size_t n)
{
	if (b->len > n)
		abort();
	if (b->len > 0 && (b->data == NULL || strlen(b->data) != b->len))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*s = (const char *)data;
	struct http_params	 p;
	struct buf		 b;
	size_t			 i, len_plus = 0;
	int			 rc_plus, rc;

	memset(&p, 0, sizeof(p));
	rc = form_parse(s, size, &p);
	if (p.n > HTTP_MAX_PARAMS)
		abort();
	for (i = 0; i < p.n; i++) {
		if (p.v[i].name == NULL || p.v[i].value == NULL ||
		    strlen(p.v[i].value) != p.v[i].len)
			abort();
		if (rc == 0 && (p.v[i].name[0] == '\0' ||
		    strlen(p.v[i].name) > HTTP_MAX_NAME))
			abort();
	}
	(void)http_params_get(&p, "a");
	(void)http_params_get(&p, "number");
	(void)http_params_get(&p, "");
	if (p.n > 0 && http_params_get(&p, p.v[p.n - 1].name) == NULL)
		abort();
	http_params_free(&p);
	if (p.v != NULL || p.n != 0)
		abort();

	/* One buffer for both, as form_parse reuses its own. */
	buf_init(&b);
	if ((rc_plus = form_decode(s, size, 1, &b)) == 0) {
		check_decoded(&b, size);
		len_plus = b.len;
	}
	if ((rc = form_decode(s, size, 0, &b)) == 0)
		check_decoded(&b, size);
	/* '+' only changes which byte comes out, never whether it decodes. */
	if (rc != rc_plus || (rc == 0 && b.len != len_plus))
		abort();
	buf_free(&b);
	return 0;
}
