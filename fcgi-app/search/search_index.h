/*
 * search_index.h: what other features call to keep the search index:
 * a complaint's text indexed in the transaction that writes it, the
 * backfill, and the tokenizer they share
 */
#ifndef SEARCH_SEARCH_INDEX_H
#define SEARCH_SEARCH_INDEX_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define SEARCH_TERM_MAX		32	/* bytes of a Latin word kept */
#define SEARCH_DOC_TERMS	1024	/* distinct terms of one document */

/* Where a text is: its weight in the ranking, and who may match it. */
enum search_field { SEARCH_SUBJECT, SEARCH_DESCRIPTION, SEARCH_MESSAGE,
	SEARCH_NOTE, SEARCH__FIELDS };

/* A document's term, with the best field it is in. */
struct search_term {
	int64_t		 hash;
	int		 weight;
	int		 dealer_sees;
};

/* A set of distinct terms, at most SEARCH_DOC_TERMS. */
struct search_terms {
	struct search_term	 t[SEARCH_DOC_TERMS];
	size_t			 n;
};

/* search_rules.c: the tokenizer, pure */
typedef void (*search_term_fn)(void *, const char *, size_t);
void	search_tokens(const char *, size_t, int, search_term_fn, void *);
int64_t	search_hash(const char *, size_t);
void	search_terms_add(struct search_terms *, const char *,
	    enum search_field);

/* search_index_db.c */
struct search_text {
	const char		*text;
	enum search_field	 field;
};
int	search_index_complaint(struct db *, int64_t, int64_t, int64_t,
	    const struct search_text *, size_t);
int	search_reindex(struct db *, int, long *);
int	search_reindex_cli(struct db *, int, char **);

#endif
