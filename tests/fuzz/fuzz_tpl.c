/*
 * fuzz_tpl.c: the template engine.  The input is a template source, then
 * (after the first NUL byte or "\n---\n") a JSON context.  The source is
 * compiled as "main" and also as the partial "p", so {{>p}} and {{>main}}
 * recurse.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi-app/views/tpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data, *ctxs = NULL, *nul, *sep;
	size_t		 srclen = size, ctxlen = 0;
	struct tpl_set	 set;
	struct buf	 out;
	char		 err[256];
	cJSON		*ctx = NULL;
	int		 ok_main, ok_p;

	nul = memchr(s, '\0', size);
	sep = memmem(s, size, "\n---\n", 5);
	if (nul != NULL && (sep == NULL || nul < sep)) {
		srclen = (size_t)(nul - s);
		ctxs = nul + 1;
	} else if (sep != NULL) {
		srclen = (size_t)(sep - s);
		ctxs = sep + 5;
	}
	if (ctxs != NULL) {
		ctxlen = size - (size_t)(ctxs - s);
		ctx = cJSON_ParseWithLength(ctxs, ctxlen);
	}
	if (ctx == NULL && (ctx = cJSON_CreateObject()) == NULL)
		return 0;

	memset(&set, 0, sizeof(set));
	err[0] = '\0';
	ok_main = tpl_set_add(&set, "main", s, srclen, err, sizeof(err)) == 0;
	ok_p = tpl_set_add(&set, "p", s, srclen, err, sizeof(err)) == 0;
	if (ok_main != ok_p)		/* same source, same verdict */
		abort();
	if (!ok_main && err[0] == '\0')	/* a refusal says why */
		abort();
	if (tpl_set_has(&set, "main") != ok_main)
		abort();

	buf_init(&out);
	(void)tpl_render(&set, "main", ctx, &out);
	if (out.len > 0 && out.data == NULL)
		abort();
	buf_reset(&out);
	(void)tpl_render(&set, "p", NULL, &out);
	if (tpl_render(&set, "absent", ctx, &out) != -1)
		abort();
	buf_free(&out);

	/* Adding the same name again replaces it. */
	if (ok_main) {
		if (tpl_set_add(&set, "p", s, srclen, err, sizeof(err)) != 0 ||
		    set.n != 2)
			abort();
	}
	tpl_set_free(&set);
	cJSON_Delete(ctx);
	return 0;
}
