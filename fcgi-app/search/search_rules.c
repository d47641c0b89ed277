/*
 * search_rules.c: the search's pure rules: cutting text into terms,
 * checking a query, ranking results and cutting a snippet
 *
 * Terms: Chinese (Japanese, Korean) has no spaces, so a run of CJK
 * characters gives each pair of neighbours (冰箱门 gives 冰箱 and 箱门);
 * a document is indexed with each single character too, so that a
 * one-character query (门) finds it.  A query of two or more CJK
 * characters asks for its pairs only.  Fullwidth letters and digits are
 * their ASCII selves; ASCII letters are lower-cased; a Latin word (or a
 * number) is a term when it has two bytes or more, its first 32 bytes
 * when longer.  Everything else (spaces, punctuation, CJK punctuation,
 * bytes that are not UTF-8) separates terms.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/fault.h"
#include "search.h"

/* The code point at s (n bytes left): its length, 0 if not UTF-8. */
static size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t	 len, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		c = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		c = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	/* overlong forms, surrogates, beyond Unicode */
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
	    (len == 4 && c < 0x10000) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* Ideographs (and kana, hangul): written without spaces. */
static int
cjk(uint32_t c)
{
	return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
	    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) ||
	    (c >= 0x3041 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF);
}

/* Spaces and punctuation: ASCII's, Latin-1's, general, CJK, fullwidth. */
static int
separator(uint32_t c)
{
	if (c < 0x80)
		return !isalnum((int)c);
	return c <= 0xBF || c == 0xD7 || c == 0xF7 ||
	    (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
	    (c >= 0xFE10 && c <= 0xFE6F) || (c >= 0xFF00 && c <= 0xFFEF) ||
	    c == 0xFEFF;
}

struct cut {
	int		 query;		/* a query: no single characters */
	search_term_fn	 fn;
	void		*arg;
	char		 word[SEARCH_TERM_MAX + 1];
	size_t		 wlen;
	char		 prev[8];	/* the CJK character before */
	size_t		 plen;
	int		 run;		/* CJK characters in this run */
};

static void
word_end(struct cut *k)
{
	if (k->wlen >= 2)
		k->fn(k->arg, k->word, k->wlen);
	k->wlen = 0;
}

static void
run_end(struct cut *k)
{
	if (k->query && k->run == 1)
		k->fn(k->arg, k->prev, k->plen);
	k->run = 0;
	k->plen = 0;
}

static void
cjk_char(struct cut *k, const char *s, size_t len)
{
	char	 pair[8];

	word_end(k);
	if (!k->query)
		k->fn(k->arg, s, len);
	if (k->plen > 0) {
		memcpy(pair, k->prev, k->plen);
		memcpy(pair + k->plen, s, len);
		k->fn(k->arg, pair, k->plen + len);
	}
	memcpy(k->prev, s, len);
	k->plen = len;
	k->run++;
}

/*
 * Cut text (len bytes) into terms, calling fn(arg, term, its length) for
 * each as it comes (a term may come more than once); query: as a query
 * (see above), else as a document.
 */
void
search_tokens(const char *text, size_t len, int query, search_term_fn fn,
    void *arg)
{
	const unsigned char	*s = (const unsigned char *)text;
	struct cut		 k;
	uint32_t		 c;
	size_t			 i = 0, n;
	char			 a;

	memset(&k, 0, sizeof(k));
	k.query = query;
	k.fn = fn;
	k.arg = arg;
	while (i < len) {
		if ((n = utf8_next(s + i, len - i, &c)) == 0) {
			run_end(&k);
			word_end(&k);
			i++;
			continue;
		}
		if (c >= 0xFF01 && c <= 0xFF5E)	/* fullwidth ASCII */
			c -= 0xFEE0;
		if (cjk(c))
			cjk_char(&k, text + i, n);
		else if (separator(c)) {
			run_end(&k);
			word_end(&k);
		} else {
			run_end(&k);
			if (c < 0x80) {
				a = (char)tolower((int)c);
				if (k.wlen < SEARCH_TERM_MAX)
					k.word[k.wlen++] = a;
			} else if (k.wlen + n <= SEARCH_TERM_MAX) {
				/* (the rest of a long word is not kept) */
				memcpy(k.word + k.wlen, text + i, n);
				k.wlen += n;
			}
		}
		i += n;
	}
	run_end(&k);
	word_end(&k);
}

/* A term's key: 64-bit FNV-1a of its bytes. */
int64_t
search_hash(const char *s, size_t len)
{
	uint64_t	 h = UINT64_C(14695981039346656037);
	int64_t		 v;
	size_t		 i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= UINT64_C(1099511628211);
	}
	memcpy(&v, &h, sizeof(v));
	return v;
}

static const int field_weight[SEARCH__FIELDS] = { 4, 2, 1, 1 };

struct adding {
	struct search_terms	*set;
	enum search_field	 field;
};

static void
add_one(void *arg, const char *term, size_t len)
{
	struct adding		*a = arg;
	struct search_terms	*set = a->set;
	int64_t			 h = search_hash(term, len);
	int			 w = field_weight[a->field];
	int			 sees = a->field != SEARCH_NOTE;
	size_t			 i;

	for (i = 0; i < set->n; i++)
		if (set->t[i].hash == h) {
			if (w > set->t[i].weight)
				set->t[i].weight = w;
			set->t[i].dealer_sees |= sees;
			return;
		}
	if (set->n == SEARCH_DOC_TERMS)
		return;		/* bounded: the first terms are kept */
	set->t[set->n].hash = h;
	set->t[set->n].weight = w;
	set->t[set->n].dealer_sees = sees;
	set->n++;
}

/* Add the terms of text in field to set (each once, its best field). */
void
search_terms_add(struct search_terms *set, const char *text,
    enum search_field field)
{
	struct adding	 a = { set, field };

	if (text != NULL && field >= 0 && field < SEARCH__FIELDS)
		search_tokens(text, strlen(text), 0, add_one, &a);
}

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
	uint32_t	 c;
	size_t		 i = 0, n;
	long		 k = 0;

	while (i < len) {
		if ((n = utf8_next((const unsigned char *)s + i, len - i,
		    &c)) == 0)
			return -1;
		i += n;
		k++;
	}
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
