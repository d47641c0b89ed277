/* form.c: urlencoded forms, query strings and the Cookie header */
#include <string.h>

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
