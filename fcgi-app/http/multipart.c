/*
 * multipart.c: multipart/form-data read a piece at a time
 *
 * The body is seen as if it began with CRLF, so that every delimiter,
 * the first too, is "\r\n--boundary".  Each piece is appended to what
 * was held back from the last one (at most a delimiter's length less one:
 * the start of a delimiter cut by the piece's edge), and scanned there:
 * the bytes before a delimiter go to the sink, those that might begin
 * one wait for the next piece.  So the parser holds one piece and a
 * delimiter, whatever the body's length.  Headers are bounded
 * (MP_HEADER_MAX), so are the parts (MP_PARTS_MAX) and their names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/util.h"
#include "http.h"
#include "multipart.h"

int
multipart_open(struct multipart *m, const char *ct, const struct mp_sink *s)
{
	char	 b[MP_DELIM_MAX];

	memset(m, 0, sizeof(*m));
	m->state = MP_FAILED;
	if (ct == NULL || form_boundary(ct, b, sizeof(b)) == -1)
		return -1;
	m->dl = (size_t)snprintf(m->delim, sizeof(m->delim), "\r\n%s", b);
	if ((m->work = malloc(MP_PIECE + MP_DELIM_MAX)) == NULL)
		return -1;
	m->sink = *s;
	memcpy(m->work, "\r\n", 2);	/* the CRLF the first delimiter lacks */
	m->held = 2;
	m->state = MP_PREAMBLE;
	return 0;
}

void
multipart_close(struct multipart *m)
{
	free(m->work);
	m->work = NULL;
}

int
multipart_finish(const struct multipart *m)
{
	return m->state == MP_DONE ? 0 : -1;
}

/*
 * A quoted parameter p ("name=\"") of a Content-Disposition line; one
 * too long for out is refused, or if cut, cut at a character's start (a
 * filename: a phone's long Chinese name is a file's name, not a fault).
 */
static int
param(const char *line, size_t n, const char *p, char *out, size_t size,
    int cut)
{
	const char	*e = line + n, *v, *q;
	size_t		 pl = strlen(p), i, len;

	for (v = line; (v = memmem(v, (size_t)(e - v), p, pl)) != NULL; v++)
		if (v > line && (v[-1] == ' ' || v[-1] == ';' || v[-1] == '\t'))
			break;
	if (v == NULL)
		return 0;
	v += pl;
	if ((q = memchr(v, '"', (size_t)(e - v))) == NULL)
		return -1;
	for (i = 0; v + i < q; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return -1;
	if (!util_utf8_valid(v, (size_t)(q - v)))
		return -1;
	if ((len = (size_t)(q - v)) >= size) {
		if (!cut)
			return -1;
		len = size - 1;
		while (len > 0 && ((unsigned char)v[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(out, v, len);
	out[len] = '\0';
	return 1;
}

/* The part's headers (m->hdr, ending in a blank line) into m->part. */
static int
headers(struct multipart *m)
{
	const char	*e = m->hdr + m->hlen, *line, *nl;
	size_t		 n;
	int		 named = 0, f;

	memset(&m->part, 0, sizeof(m->part));
	for (line = m->hdr; line < e; line = nl + 2) {
		if ((nl = memmem(line, (size_t)(e - line), "\r\n", 2)) == NULL)
			break;
		n = (size_t)(nl - line);
		if (n >= 20 && strncasecmp(line, "content-disposition:", 20)
		    == 0) {
			if (named || memmem(line, n, "form-data", 9) == NULL)
				return -1;
			if (param(line, n, "name=\"", m->part.name,
			    sizeof(m->part.name), 0) != 1 ||
			    m->part.name[0] == '\0')
				return -1;
			if ((f = param(line, n, "filename=\"", m->part.filename,
			    sizeof(m->part.filename), 1)) == -1)
				return -1;
			m->part.is_file = f == 1;
			named = 1;
		} else if (n >= 13 && strncasecmp(line, "content-type:", 13)
		    == 0) {
			line += 13;
			n -= 13;
			while (n > 0 && (*line == ' ' || *line == '\t'))
				line++, n--;
			if (n > MP_CTYPE_MAX || !util_utf8_valid(line, n))
				return -1;
			memcpy(m->part.ctype, line, n);
			m->part.ctype[n] = '\0';
		}
	}
	return named ? 0 : -1;
}

static int
fail(struct multipart *m, int rc)
{
	m->state = MP_FAILED;
	return rc;
}

/* Scan w[0..n): the bytes that may start a delimiter are held back. */
static int
scan(struct multipart *m, const char *w, size_t n, size_t *used)
{
	const char	*d;
	size_t		 pos = 0, keep;
	int		 rc;

	while (pos < n) {
		switch (m->state) {
		case MP_PREAMBLE:
		case MP_BODY:
			d = memmem(w + pos, n - pos, m->delim, m->dl);
			if (d == NULL) {
				keep = n - pos < m->dl - 1 ? n - pos : m->dl - 1;
				if (m->state == MP_BODY && n - pos > keep &&
				    (rc = m->sink.data(m->sink.ctx, w + pos,
				    n - pos - keep)) != 0)
					return fail(m, rc);
				*used = n - keep;
				return 0;
			}
			if (m->state == MP_BODY) {
				if (d > w + pos && (rc = m->sink.data(m->sink.ctx,
				    w + pos, (size_t)(d - w - pos))) != 0)
					return fail(m, rc);
				if ((rc = m->sink.end(m->sink.ctx)) != 0)
					return fail(m, rc);
			}
			pos = (size_t)(d - w) + m->dl;
			m->state = MP_AFTER_DELIM;
			break;
		case MP_AFTER_DELIM:
			if (n - pos < 2) {
				*used = pos;
				return 0;
			}
			if (w[pos] == '-' && w[pos + 1] == '-') {
				m->state = MP_DONE;
				break;
			}
			if (w[pos] != '\r' || w[pos + 1] != '\n')
				return fail(m, -1);
			if (++m->parts > MP_PARTS_MAX)
				return fail(m, -1);
			pos += 2;
			m->hlen = 0;
			m->state = MP_HEADERS;
			break;
		case MP_HEADERS:
			if (m->hlen == MP_HEADER_MAX)
				return fail(m, -1);
			m->hdr[m->hlen++] = w[pos++];
			if (m->hlen >= 4 && memcmp(m->hdr + m->hlen - 4,
			    "\r\n\r\n", 4) == 0) {
				if (headers(m) == -1)
					return fail(m, -1);
				if ((rc = m->sink.begin(m->sink.ctx, &m->part)) != 0)
					return fail(m, rc);
				m->state = MP_BODY;
			} else if (m->hlen == 2 && memcmp(m->hdr, "\r\n", 2) == 0)
				return fail(m, -1);	/* no headers: no name */
			break;
		case MP_DONE:		/* the epilogue: ignored */
			*used = n;
			return 0;
		case MP_FAILED:
			return -1;
		}
	}
	*used = n;
	return 0;
}

int
multipart_feed(struct multipart *m, const char *s, size_t n)
{
	size_t	 take, len, used;
	int	 rc;

	if (m->state == MP_FAILED)
		return -1;
	while (n > 0) {
		take = n < MP_PIECE ? n : MP_PIECE;
		memcpy(m->work + m->held, s, take);
		len = m->held + take;
		s += take;
		n -= take;
		if ((rc = scan(m, m->work, len, &used)) != 0)
			return rc;
		m->held = len - used;
		memmove(m->work, m->work + used, m->held);
	}
	return 0;
}
