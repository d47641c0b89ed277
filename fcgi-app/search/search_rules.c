/*
 * search_rules.c: the search's pure rules: checking a query, its shape
 * and terms (search_terms_rules.c cuts them), ranking results, cutting a
 * snippet
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/fault.h"
#include "../core/util.h"
#include "search.h"

/* A query's terms: distinct, the first SEARCH_QUERY_TERMS of them. */
static void
query_one(void *arg, const char *term, size_t len)
{
	struct search_query	*q = arg;
	int64_t			 h = search_hash(term, len);
	int			 i;

	if (q->nterms == SEARCH_QUERY_TERMS || len > SEARCH_TERM_MAX)
		return;
	for (i = 0; i < q->nterms; i++)
		if (q->terms[i].hash == h)
			return;
	memcpy(q->terms[q->nterms].text, term, len);
	q->terms[q->nterms].text[len] = '\0';
	q->terms[q->nterms].hash = h;
	q->nterms++;
}

/* text as the start of a LIKE pattern ('!' escapes), then '%'. */
void
search_like_prefix(const char *text, char *out, size_t size)
{
	size_t	 n = 0;

	for (; *text != '\0' && n + 3 < size; text++) {
		if (*text == '!' || *text == '%' || *text == '_')
			out[n++] = '!';
		out[n++] = *text;
	}
	out[n++] = '%';
	out[n] = '\0';
}

/* Code points of valid UTF-8 s, or -1. */
static long
utf8_count(const char *s, size_t len)
{
	size_t	 i;
	long	 k = 0;

	if (!util_utf8_valid(s, len))
		return -1;
	for (i = 0; i < len; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/*
 * Check the query's q and page (NULL when not given) into out: 0, or 400
 * with the field's message in f.  Spaces around q do not count.
 */
int
search_query_check(const char *q, const char *page, struct search_query *out,
    struct fault *f)
{
	const char	*b, *e;
	size_t		 len, i;
	long		 chars, pg;
	char		*end;

	memset(out, 0, sizeof(*out));
	out->page = 1;
	if (page != NULL && *page != '\0') {
		pg = strtol(page, &end, 10);
		if (*page < '1' || *page > '9' || *end != '\0' || pg < 1 ||
		    pg > SEARCH_PAGES_MAX)
			fault_field(f, "page", "a page from 1 to 10");
		else
			out->page = (int)pg;
	}
	b = q != NULL ? q : "";
	while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')
		b++;
	e = b + strlen(b);
	while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		e--;
	len = (size_t)(e - b);
	if ((chars = utf8_count(b, len)) < 0)
		fault_field(f, "q", "text (UTF-8)");
	else if (chars > SEARCH_QUERY_MAX)
		fault_field(f, "q", "at most 100 characters");
	else {
		memcpy(out->text, b, len);
		out->text[len] = '\0';
		search_tokens(out->text, len, 1, query_one, out);
		/*
		 * A number: one word of printable ASCII with a digit in it,
		 * or the start of the portal's own (db_number(): SO-, CP-)
		 */
		out->number = len > 0 && len <= SEARCH_NUMBER_MAX;
		for (i = 0; i < len && out->number; i++)
			if ((unsigned char)b[i] <= 0x20 ||
			    (unsigned char)b[i] >= 0x7F)
				out->number = 0;
		out->order_no = out->number && strncasecmp(out->text, "SO-",
		    3) == 0;
		out->complaint_no = out->number && strncasecmp(out->text,
		    "CP-", 3) == 0;
		out->number = out->number && (out->order_no ||
		    out->complaint_no || strpbrk(out->text, "0123456789"));
		out->prefix = out->number && len >= SEARCH_PREFIX_MIN;
		if (out->number)
			search_like_prefix(out->text, out->like,
			    sizeof(out->like));
		if (out->nterms == 0 && !out->prefix)
			fault_field(f, "q", len == 0 ? "type a number or words "
			    "to search for" : "type at least two letters or "
			    "digits, or one Chinese character");
	}
	if (fault_fields(f))
		return fault_set(f, 400, "bad_query", "check the query");
	return 0;
}

/*
 * The ranking: exact numbers, then prefixes, then words by how many of
 * the query's terms each matched and in which fields; then orders,
 * complaints, models, each the newest (the highest id) first.  The order
 * is total and is each statement's own (search_db.c reads by id, newest
 * first), so that the page n of the merge is the same whatever n.
 */
int
search_hit_cmp(const void *pa, const void *pb)
{
	const struct search_hit	*a = pa, *b = pb;

	if (a->tier != b->tier)
		return a->tier < b->tier ? -1 : 1;
	if (a->matched != b->matched)
		return a->matched > b->matched ? -1 : 1;
	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->id != b->id)
		return a->id > b->id ? -1 : 1;
	return 0;
}

/*
 * Sort h (n of them) by rank and keep each object once, at its best
 * place (an order found by its number and by its waybill): the count
 * kept.  The strings of those dropped are freed.
 */
size_t
search_hits_rank(struct search_hit *h, size_t n)
{
	size_t	 i, j, k = 0;

	if (n == 0)		/* (h may be NULL: nothing found) */
		return 0;
	qsort(h, n, sizeof(*h), search_hit_cmp);
	for (i = 0; i < n; i++) {
		for (j = 0; j < k; j++)
			if (h[j].kind == h[i].kind && h[j].id == h[i].id)
				break;
		if (j < k) {
			free(h[i].title);
			free(h[i].snippet);
			free(h[i].text);
			continue;
		}
		if (k != i)
			h[k] = h[i];
		k++;
	}
	return k;
}

/* How many of q's terms are in text (ASCII compared without case). */
int
search_terms_in(const char *text, const struct search_query *q)
{
	size_t	 len, i, tl;
	int	 t, n = 0;

	len = text != NULL ? strlen(text) : 0;
	for (t = 0; t < q->nterms; t++) {
		tl = strlen(q->terms[t].text);
		for (i = 0; tl > 0 && i + tl <= len; i++)
			if (strncasecmp(text + i, q->terms[t].text, tl) == 0) {
				n++;
				break;
			}
	}
	return n;
}

/* Step back from p over up to n code points of s, to a character's start. */
static size_t
back(const char *s, size_t p, int n)
{
	while (p > 0 && n > 0) {
		p--;
		while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
			p--;
		n--;
	}
	return p;
}

/*
 * A piece of text around the first place any of q's terms is in it (ASCII
 * compared without case) into out (size bytes, "…" where cut): 1, or 0
 * when none is (out "").  A query without terms: the text's start.
 * Line ends become spaces.
 */
int
search_snippet(const char *text, const struct search_query *q, char *out,
    size_t size)
{
	size_t	 len, at = (size_t)-1, i, from, to, n = 0, tl;
	int	 t;

	*out = '\0';
	if (text == NULL || size < 16)
		return 0;
	len = strlen(text);
	for (t = 0; t < q->nterms; t++) {
		tl = strlen(q->terms[t].text);
		for (i = 0; tl > 0 && i + tl <= len && i < at; i++)
			if (strncasecmp(text + i, q->terms[t].text, tl) == 0) {
				at = i;
				break;
			}
	}
	if (q->nterms == 0)	/* no terms: the text's start */
		at = 0;
	if (at == (size_t)-1)
		return 0;
	from = back(text, at, 20);
	to = from + (size - 8 < 180 ? size - 8 : 180);
	if (to >= len)
		to = len;
	else	/* not in the middle of a character */
		while (to > from && ((unsigned char)text[to] & 0xC0) == 0x80)
			to--;
	if (from > 0)
		n += (size_t)snprintf(out, size, "…");
	for (i = from; i < to && n + 1 < size; i++)
		out[n++] = text[i] == '\n' || text[i] == '\r' ||
		    text[i] == '\t' ? ' ' : text[i];
	out[n] = '\0';
	if (to < len && n + 4 < size)
		snprintf(out + n, size - n, "…");
	return 1;
}

/*
 * s as a part of a URL (a path's segment, a query's value): unreserved
 * bytes as they are, every other byte %XX; cut to fit size.
 */
void
search_url_part(const char *s, char *out, size_t size)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 n = 0;
	unsigned char		 c;

	for (; *s != '\0' && n + 4 < size; s++) {
		c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~')
			out[n++] = (char)c;
		else {
			out[n++] = '%';
			out[n++] = hex[c >> 4];
			out[n++] = hex[c & 15];
		}
	}
	out[n] = '\0';
}

static const char *const kind_names[SEARCH__KINDS] = { "order",
	"complaint", "product" };

const char *
search_kind_name(enum search_kind k)
{
	return k >= 0 && k < SEARCH__KINDS ? kind_names[k] : "";
}
