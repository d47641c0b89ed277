/*
 * search_terms_rules.c: cutting text into the search's terms (pure)
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
#include <stdlib.h>
#include <string.h>

#include "search_index.h"

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
