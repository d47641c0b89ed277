/* esc.c: escaping for HTML text and attributes, and for URLs */
#include <string.h>

#include "esc.h"

/*
 * The same five characters are escaped in text and in attribute values;
 * templates always quote attributes, so this is safe in both places.
 */
int
esc_html(struct buf *b, const char *s, size_t n)
{
	const char	*e = s + n, *run = s;
	const char	*rep;

	for (; s < e; s++) {
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, run, (size_t)(s - run));
		buf_adds(b, rep);
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
	return b->oom ? -1 : 0;
}

/* Percent-encode everything but RFC 3986 unreserved characters. */
int
esc_url(struct buf *b, const char *s, size_t n)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;
	size_t			 i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			buf_addc(b, (char)c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 0xf]);
		}
	}
	return b->oom ? -1 : 0;
}
