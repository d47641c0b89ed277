/*
 * fuzz_mpstream.c: the streaming multipart parser (http/multipart.c) fed
 * in pieces; the first byte picks the piece size, the first line the
 * boundary.  Every part named, bounded, and every byte of content handed
 * to the sink at most once.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi-app/core/util.h"
#include "../../fcgi-app/http/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct seen {
	size_t	 bytes, parts;
	int	 open;
};

static int
f_begin(void *ctx, const struct mp_part *p)
{
	struct seen	*s = ctx;

	if (s->open || p->name[0] == '\0' || strlen(p->name) > MP_NAME_MAX ||
	    strlen(p->filename) > MP_FILENAME_MAX ||
	    !util_utf8_valid(p->name, strlen(p->name)) ||
	    !util_utf8_valid(p->filename, strlen(p->filename)))
		abort();
	s->open = 1;
	s->parts++;
	return 0;
}

static int
f_data(void *ctx, const char *p, size_t n)
{
	struct seen	*s = ctx;

	if (!s->open || n == 0 || p == NULL)
		abort();
	s->bytes += n;
	return 0;
}

static int
f_end(void *ctx)
{
	struct seen	*s = ctx;

	if (!s->open)
		abort();
	s->open = 0;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*s = (const char *)data, *nl;
	struct seen		 seen = { 0, 0, 0 };
	struct mp_sink		 sink = { &seen, f_begin, f_data, f_end };
	struct multipart	 m;
	char			 ct[200];
	size_t			 k, step, off, total;
	int			 rc = 0;

	if (size < 2)
		return 0;
	step = (size_t)data[0] % 97 + 1;
	s++;
	size--;
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
	if (multipart_open(&m, ct, &sink) == -1)
		return 0;
	total = size;
	for (off = 0; off < size && rc == 0; off += k) {
		k = size - off < step ? size - off : step;
		rc = multipart_feed(&m, s + off, k);
	}
	if (seen.bytes > total || seen.parts > MP_PARTS_MAX ||
	    (multipart_finish(&m) == 0 && seen.open))
		abort();
	multipart_close(&m);
	return 0;
}
