/*
 * search.h: one search box over orders, complaints and models (issue #24):
 * numbers through their own indexes, words through search_terms
 */
#ifndef SEARCH_SEARCH_H
#define SEARCH_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "search_index.h"

struct db;
struct fault;
struct principal;
struct req;

#define SEARCH_QUERY_MAX	100	/* characters of a query */
#define SEARCH_QUERY_TERMS	10	/* terms of a query kept */
#define SEARCH_NUMBER_MAX	64	/* bytes of a number looked up */
#define SEARCH_PREFIX_MIN	3	/* characters before a prefix matches */
#define SEARCH_PAGE_SIZE	20
#define SEARCH_PAGES_MAX	10
#define SEARCH_SNIPPET_MAX	400	/* bytes of a snippet */

/* A query's term: its bytes (for snippets) and hash. */
struct search_qterm {
	char		 text[SEARCH_TERM_MAX + 1];
	int64_t		 hash;
};

/* A query as checked: its terms, and the number it may be. */
struct search_query {
	char			 text[SEARCH_QUERY_MAX * 4 + 1];	/* trimmed */
	struct search_qterm	 terms[SEARCH_QUERY_TERMS];
	int			 nterms;
	int			 number;	/* text may be a number (ASCII) */
	int			 prefix;	/* long enough for a prefix */
	int			 order_no;	/* SO-...: an order's number */
	int			 complaint_no;	/* CP-...: a complaint's */
	char			 like[SEARCH_NUMBER_MAX * 2 + 2]; /* LIKE 'text%' */
	int			 page;		/* 1 .. SEARCH_PAGES_MAX */
};

enum search_kind { SEARCH_ORDER, SEARCH_COMPLAINT, SEARCH_PRODUCT,
	SEARCH__KINDS };

/* Ranks: an exact number, a number's prefix, words. */
enum search_tier { TIER_EXACT, TIER_PREFIX, TIER_TEXT };

/* One result; its strings are its own (search_hits_free). */
struct search_hit {
	enum search_kind kind;
	enum search_tier tier;
	int64_t		 id;
	int		 matched, weight;	/* words: terms matched, fields */
	const char	*match;		/* number po waybill model text */
	char		 number[48];
	char		 status[24];
	char		 at[24];		/* ISO UTC; "" none */
	int64_t		 dealer;		/* 0: none */
	char		*title, *snippet;	/* NULL: none */
	char		*text;			/* words: the description */
};

struct search_hits {
	struct search_hit	*h;
	size_t			 n, cap;
	int			 more;		/* a next page */
};

/* search_rules.c: pure */
int	search_query_check(const char *, const char *, struct search_query *,
	    struct fault *);
void	search_like_prefix(const char *, char *, size_t);
int	search_hit_cmp(const void *, const void *);
size_t	search_hits_rank(struct search_hit *, size_t);
int	search_terms_in(const char *, const struct search_query *);
int	search_snippet(const char *, const struct search_query *, char *,
	    size_t);
const char *search_kind_name(enum search_kind);
void	search_url_part(const char *, char *, size_t);

/* search_db.c: a page of what who may find */
struct db_stmt;
int	search_run(struct db *, const struct principal *,
	    const struct search_query *, struct search_hits *);
void	search_hits_free(struct search_hits *);
struct search_hit *search_hit_new(struct search_hits *);
char	*search_col_dup(struct db_stmt *, int);
void	search_hit_head(struct search_hit *, struct db_stmt *,
	    enum search_kind, enum search_tier, const char *);

/* search_numbers_db.c */
int	search_numbers(struct db *, const struct search_query *, int,
	    int64_t, int, struct search_hits *, int *);

/* search_read.c: the operation both doors call */
int	search_read(struct db *, const struct principal *, const char *,
	    const char *, const char *, struct fault *, cJSON **);

/* search_http.c, search_pages.c */
int	search_get(struct req *);
int	search_page_get(struct req *);

#endif
