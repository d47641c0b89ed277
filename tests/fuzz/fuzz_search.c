/*
 * fuzz_search.c: the search's query (search_query_check), the tokenizer
 * on a document (search_terms_add) and the snippet (search_snippet).  The
 * input's first line is the page; the rest is the query, and the document
 * the snippet is cut from.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi-app/core/fault.h"
#include "../../fcgi-app/core/util.h"
#include "../../fcgi-app/search/search.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What a query that passed holds: only what the SQL binds and links take. */
static void
check(const struct search_query *q)
{
	size_t	 i, n = strlen(q->text);
	int	 t;

	if (!util_utf8_valid(q->text, n) || q->page < 1 ||
	    q->page > SEARCH_PAGES_MAX || q->nterms < 0 ||
	    q->nterms > SEARCH_QUERY_TERMS || (q->nterms == 0 && !q->prefix))
		abort();
	for (t = 0; t < q->nterms; t++)
		if (strlen(q->terms[t].text) == 0 ||
		    strlen(q->terms[t].text) > SEARCH_TERM_MAX)
			abort();
	for (i = 0; q->number && i < n; i++)
		if ((unsigned char)q->text[i] <= 0x20 ||
		    (unsigned char)q->text[i] >= 0x7F)
			abort();
	if (q->number && (n > SEARCH_NUMBER_MAX ||
	    q->like[strlen(q->like) - 1] != '%'))
		abort();
	if ((q->order_no || q->complaint_no) && !q->number)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct search_terms	*set;
	struct search_query	 q;
	struct fault		 f;
	char			*s, *nl, *page = NULL, out[SEARCH_SNIPPET_MAX];
	char			 url[64 * 3 + 1];
	const char		*text;
	size_t			 i;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	text = s;
	if ((nl = strchr(s, '\n')) != NULL) {
		*nl = '\0';
		page = s;
		text = nl + 1;
	}
	memset(&f, 0, sizeof(f));
	if (search_query_check(text, page, &q, &f) == 0) {
		check(&q);
		/* a snippet is valid UTF-8 within its size, of valid text */
		if (util_utf8_valid(text, strlen(text)) &&
		    search_snippet(text, &q, out, sizeof(out)) &&
		    (strlen(out) >= sizeof(out) ||
		    !util_utf8_valid(out, strlen(out))))
			abort();
		search_url_part(q.text, url, sizeof(url));
		for (i = 0; url[i] != '\0'; i++)
			if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789-_.~%", url[i]) == NULL)
				abort();
	} else if (fault_fields(&f) == 0)
		abort();		/* a refusal names its field */
	fault_clear(&f);
	if ((set = calloc(1, sizeof(*set))) != NULL) {
		search_terms_add(set, text, SEARCH_MESSAGE);
		if (set->n > SEARCH_DOC_TERMS)
			abort();
		for (i = 0; i < set->n; i++)
			if (set->t[i].weight != 1 || set->t[i].dealer_sees != 1)
				abort();
		free(set);
	}
	free(s);
	return 0;
}
