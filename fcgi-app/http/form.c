/* form.c: urlencoded forms, query strings and the Cookie header */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../core/util.h"
#include "http.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decode s into out ('+' is a space when plus is set).  Refuses
 * bad escapes, NUL bytes, control characters other than tab, CR and LF,
 * and text that is not UTF-8.
 */
int
form_decode(const char *s, size_t n, int plus, struct buf *out)
{
	size_t			 i;
	int			 hi, lo;
	unsigned char		 c;

	buf_reset(out);
	if (buf_grow(out, n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= n || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0)
				return -1;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus)
			c = ' ';
		if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') ||
		    c == 0x7f)
			return -1;
		out->data[out->len++] = (char)c;
	}
	out->data[out->len] = '\0';
	return util_utf8_valid(out->data, out->len) ? 0 : -1;
}

/* a=1&b=2 into p; -1 on a malformed or oversized list. */
int
form_parse(const char *s, size_t n, struct http_params *p)
{
	struct buf	 name, value;
	const char	*e = s + n, *amp, *eq;
	int		 rc = -1;

	buf_init(&name);
	buf_init(&value);
	while (s < e) {
		if ((amp = memchr(s, '&', (size_t)(e - s))) == NULL)
			amp = e;
		if (amp == s) {		/* "a=1&&b=2" */
			s++;
			continue;
		}
		if ((eq = memchr(s, '=', (size_t)(amp - s))) == NULL)
			eq = amp;
		if (eq == s || (size_t)(eq - s) > HTTP_MAX_NAME * 3)
			goto out;
		if (form_decode(s, (size_t)(eq - s), 1, &name) == -1 ||
		    name.len > HTTP_MAX_NAME)
			goto out;
		if (form_decode(eq == amp ? eq : eq + 1,
		    eq == amp ? 0 : (size_t)(amp - eq - 1), 1, &value) == -1)
			goto out;
		if (http_params_add(p, name.data, name.len, buf_cstr(&value),
		    value.len) == -1)
			goto out;
		s = amp < e ? amp + 1 : e;
	}
	rc = 0;
out:
	buf_free(&name);
	buf_free(&value);
	return rc;
}

static int
cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	    (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	    (c >= 0x5d && c <= 0x7e);
}

/*
 * "a=1; b=2" (RFC 6265).  Pairs that do not parse are skipped, not
 * fatal: browsers send cookies of other applications on the same host.
 */
int
cookie_parse(const char *s, size_t n, struct http_params *p)
{
	const char	*e = s + n, *semi, *eq, *v, *ve, *q;
	int		 ok;

	while (s < e) {
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if ((semi = memchr(s, ';', (size_t)(e - s))) == NULL)
			semi = e;
		eq = memchr(s, '=', (size_t)(semi - s));
		if (eq != NULL && eq > s && (size_t)(eq - s) <= HTTP_MAX_NAME) {
			v = eq + 1;
			ve = semi;
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			if (ve - v >= 2 && *v == '"' && ve[-1] == '"') {
				v++;
				ve--;
			}
			ok = 1;
			for (q = s; q < eq; q++)
				if (!cookie_octet((unsigned char)*q) ||
				    *q == '"' || *q == ',')
					ok = 0;
			for (q = v; q < ve; q++)
				if (!cookie_octet((unsigned char)*q))
					ok = 0;
			if (ok && http_params_add(p, s, (size_t)(eq - s), v,
			    (size_t)(ve - v)) == -1)
				return -1;
		}
		s = semi < e ? semi + 1 : e;
	}
	return 0;
}

/*
 * The boundary of a multipart Content-Type ("...; boundary=XYZ", quoted
 * or not) into out: 0, or -1 if there is none or it is not RFC 2046's
 * 1 to 70 characters.
 */
int
form_boundary(const char *ct, char *out, size_t size)
{
	const char	*b;
	size_t		 n;

	/* the parameter itself, not one ending in it ("xboundary=") */
	for (b = ct; b != NULL && (b = strcasestr(b, "boundary=")) != NULL;
	    b++)
		if (b > ct && (b[-1] == ';' || b[-1] == ' ' || b[-1] == '\t'))
			break;
	if (ct == NULL || b == NULL)
		return -1;
	b += strlen("boundary=");
	if (*b == '"') {
		b++;
		n = strcspn(b, "\"");
		if (b[n] != '"')
			return -1;
	} else
		n = strcspn(b, "; \t");
	if (n < 1 || n > 70 || n + 3 > size)
		return -1;
	snprintf(out, size, "--%.*s", (int)n, b);
	return 0;
}

/* The name="..." of a part's Content-Disposition into name: 0 or -1. */
static int
part_name(const char *h, size_t hn, struct buf *name)
{
	const char	*e = h + hn, *line, *nl, *v, *q;

	for (line = h; line < e; line = nl + 2) {
		if ((nl = memmem(line, (size_t)(e - line), "\r\n", 2)) == NULL)
			nl = e;
		if ((size_t)(nl - line) > 1000)
			return -1;
		/* within the line: the body may hold anything after it */
		if ((size_t)(nl - line) >= 20 &&
		    strncasecmp(line, "content-disposition:", 20) == 0) {
			/* name=" not preceded by "file": filename= is not it */
			for (v = line; (v = memmem(v, (size_t)(nl - v), "name=\"",
			    6)) != NULL; v += 6)
				if (v == line || v[-1] == ' ' || v[-1] == ';')
					break;
			if (v == NULL)
				return -1;
			v += 6;
			if ((q = memchr(v, '"', (size_t)(nl - v))) == NULL ||
			    q == v || (size_t)(q - v) > HTTP_MAX_NAME)
				return -1;
			for (line = v; line < q; line++)	/* printable */
				if ((unsigned char)*line < 0x20 || *line == 0x7f)
					return -1;
			if (!util_utf8_valid(v, (size_t)(q - v)))
				return -1;
			buf_reset(name);
			return buf_add(name, v, (size_t)(q - v));
		}
		if (nl == e)
			break;
	}
	return -1;
}

/* Text a form may carry: UTF-8, no control bytes but tab, CR and LF. */
static int
text_ok(const char *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (((unsigned char)v[i] < 0x20 && v[i] != '\t' &&
		    v[i] != '\r' && v[i] != '\n') || v[i] == 0x7f)
			return 0;
	return util_utf8_valid(v, n);
}

/*
 * multipart/form-data (RFC 7578) of a body into p: each part's name and
 * its content, a file's too (text: UTF-8 without control bytes but tab,
 * CR and LF, as an urlencoded form's).
 * 0, or -1 if the body is not that.
 */
int
form_multipart(const char *s, size_t n, const char *ct, struct http_params *p)
{
	const char	*e = s + n, *part, *hend, *next;
	char		 delim[80];
	struct buf	 name;
	size_t		 dl;
	int		 rc = -1;

	if (form_boundary(ct, delim, sizeof(delim)) == -1)
		return -1;
	dl = strlen(delim);
	buf_init(&name);
	/*
	 * The preamble, then each "--boundary\r\n...headers\r\n\r\nbody": the
	 * first delimiter opens the body or follows a CRLF.
	 */
	if (n >= dl && memcmp(s, delim, dl) == 0)
		part = s;
	else {
		if ((part = memmem(s, n, "\r\n", 2)) == NULL)
			goto out;
		for (; part != NULL; part = memmem(part + 2, (size_t)(e - part -
		    2), "\r\n", 2))
			if ((size_t)(e - part) >= dl + 2 &&
			    memcmp(part + 2, delim, dl) == 0)
				break;
		if (part == NULL)
			goto out;
		part += 2;
	}
	for (;;) {
		part += dl;
		if (e - part >= 2 && part[0] == '-' && part[1] == '-') {
			rc = 0;		/* the close delimiter */
			break;
		}
		if (e - part < 2 || part[0] != '\r' || part[1] != '\n')
			break;
		part += 2;
		if ((hend = memmem(part, (size_t)(e - part), "\r\n\r\n", 4)) ==
		    NULL || hend - part > 4000)
			break;
		if (part_name(part, (size_t)(hend - part), &name) == -1)
			break;
		hend += 4;
		/* the content ends at CRLF and the next delimiter */
		for (next = hend; (next = memmem(next, (size_t)(e - next), "\r\n",
		    2)) != NULL; next += 2)
			if ((size_t)(e - next) >= dl + 2 &&
			    memcmp(next + 2, delim, dl) == 0)
				break;
		if (next == NULL || !text_ok(hend, (size_t)(next - hend)))
			break;
		if (http_params_add(p, name.data, name.len, hend,
		    (size_t)(next - hend)) == -1)
			break;
		part = next + 2;
	}
out:
	buf_free(&name);
	return rc;
}
