/* search_rules_test.c: the query's check and terms, ranking, snippets */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fault.h"
#include "../test.h"
#include "search.h"


/* Whether the document's terms hold every term of the query. */
static int
finds(const char *doc, const char *query)
{
	struct search_terms	*set = calloc(1, sizeof(*set));
	struct search_query	 q;
	struct fault		 f = { 0 };
	int			 i, all = 1;
	size_t			 k;

	search_terms_add(set, doc, SEARCH_MESSAGE);
	ck_assert_int_eq(search_query_check(query, NULL, &q, &f), 0);
	for (i = 0; i < q.nterms; i++) {
		for (k = 0; k < set->n && set->t[k].hash != q.terms[i].hash;
		    k++)
			;
		all &= k < set->n;
	}
	free(set);
	return all;
}

START_TEST(test_chinese_queries)
{
	const char	*thread = "冰箱门关不上，有漏水";

	ck_assert_int_eq(finds(thread, "门"), 1);
	ck_assert_int_eq(finds(thread, "冰箱门"), 1);
	ck_assert_int_eq(finds(thread, "漏水"), 1);
	ck_assert_int_eq(finds(thread, "关不上"), 1);
	ck_assert_int_eq(finds(thread, "空调"), 0);
	ck_assert_int_eq(finds(thread, "水门"), 0);
	ck_assert_int_eq(finds("Fridge door LEAKS", "leaks door"), 1);
}
END_TEST


START_TEST(test_query_check)
{
	struct search_query	 q;
	struct fault		 f = { 0 };
	char			 longq[400];

	ck_assert_int_eq(search_query_check("  SO-2026-000123 ", "2", &q, &f),
	    0);
	ck_assert_str_eq(q.text, "SO-2026-000123");
	ck_assert_int_eq(q.number, 1);
	ck_assert_int_eq(q.prefix, 1);
	ck_assert_str_eq(q.like, "SO-2026-000123%");
	ck_assert_int_eq(q.page, 2);
	ck_assert_int_eq(q.nterms, 3);		/* so 2026 000123 */
	ck_assert_int_eq(q.order_no, 1);
	ck_assert_int_eq(q.complaint_no, 0);
	ck_assert_int_eq(search_query_check("cp-2026-1", NULL, &q, &f), 0);
	ck_assert_int_eq(q.order_no, 0);
	ck_assert_int_eq(q.complaint_no, 1);
	/* LIKE's own characters are escaped */
	ck_assert_int_eq(search_query_check("PO_1%!", NULL, &q, &f), 0);
	ck_assert_str_eq(q.like, "PO!_1!%!!%");
	ck_assert_int_eq(q.order_no + q.complaint_no, 0);
	/* words are no number */
	ck_assert_int_eq(search_query_check("冰箱 门", NULL, &q, &f), 0);
	ck_assert_int_eq(q.number, 0);
	ck_assert_int_eq(q.nterms, 2);
	/* at most 10 terms are kept */
	ck_assert_int_eq(search_query_check("冰箱门关不上有漏水现象请尽快处理",
	    NULL, &q, &f), 0);
	ck_assert_int_eq(q.nterms, SEARCH_QUERY_TERMS);
	/* empty, too short, too long, bad page, not UTF-8: 400 */
	ck_assert_int_eq(search_query_check("", NULL, &q, &f), 400);
	ck_assert_int_eq(cJSON_HasObjectItem(f.fields, "q"), 1);
	fault_clear(&f);
	ck_assert_int_eq(search_query_check(NULL, NULL, &q, &f), 400);
	fault_clear(&f);
	ck_assert_int_eq(search_query_check("a", NULL, &q, &f), 400);
	fault_clear(&f);
	ck_assert_int_eq(search_query_check("  -- ", NULL, &q, &f), 400);
	fault_clear(&f);
	memset(longq, 'x', 101);
	longq[101] = '\0';
	ck_assert_int_eq(search_query_check(longq, NULL, &q, &f), 400);
	fault_clear(&f);
	longq[100] = '\0';
	ck_assert_int_eq(search_query_check(longq, NULL, &q, &f), 0);
	ck_assert_int_eq(search_query_check("ab\xff", NULL, &q, &f), 400);
	fault_clear(&f);
	ck_assert_int_eq(search_query_check("ab", "0", &q, &f), 400);
	ck_assert_int_eq(cJSON_HasObjectItem(f.fields, "page"), 1);
	fault_clear(&f);
	ck_assert_int_eq(search_query_check("ab", "11", &q, &f), 400);
	fault_clear(&f);
	ck_assert_int_eq(search_query_check("ab", "1x", &q, &f), 400);
	fault_clear(&f);
	/* three characters of a number are enough for a prefix */
	ck_assert_int_eq(search_query_check("CP-", NULL, &q, &f), 0);
	ck_assert_int_eq(q.nterms, 1);
	ck_assert_int_eq(q.prefix, 1);
	/* a word without a digit is words only */
	ck_assert_int_eq(search_query_check("door", NULL, &q, &f), 0);
	ck_assert_int_eq(q.number, 0);
	ck_assert_int_eq(search_query_check("BCD-215", NULL, &q, &f), 0);
	ck_assert_int_eq(q.number, 1);
}
END_TEST

START_TEST(test_rank)
{
	struct search_hit	 h[6];
	size_t			 n;

	memset(h, 0, sizeof(h));
	/* words: two terms in the thread, one in the subject, older */
	h[0].kind = SEARCH_COMPLAINT; h[0].id = 5; h[0].tier = TIER_TEXT;
	h[0].matched = 2; h[0].weight = 2; strcpy(h[0].at, "2026-01-01");
	h[1].kind = SEARCH_COMPLAINT; h[1].id = 6; h[1].tier = TIER_TEXT;
	h[1].matched = 1; h[1].weight = 4; strcpy(h[1].at, "2026-02-01");
	h[2].kind = SEARCH_COMPLAINT; h[2].id = 7; h[2].tier = TIER_TEXT;
	h[2].matched = 2; h[2].weight = 5; strcpy(h[2].at, "2025-01-01");
	/* a prefix, an exact number, and the same order again by waybill */
	h[3].kind = SEARCH_ORDER; h[3].id = 9; h[3].tier = TIER_PREFIX;
	strcpy(h[3].at, "2026-03-01");
	h[4].kind = SEARCH_ORDER; h[4].id = 8; h[4].tier = TIER_EXACT;
	strcpy(h[4].at, "2020-01-01");
	h[5].kind = SEARCH_ORDER; h[5].id = 8; h[5].tier = TIER_PREFIX;
	strcpy(h[5].at, "2020-01-01");
	h[5].title = strdup("dropped");
	ck_assert_uint_eq(search_hits_rank(NULL, 0), 0);	/* none found */
	n = search_hits_rank(h, 6);
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(h[0].id, 8);		/* exact first */
	ck_assert_int_eq(h[0].tier, TIER_EXACT);
	ck_assert_int_eq(h[1].id, 9);		/* then the prefix */
	ck_assert_int_eq(h[2].id, 7);		/* 2 terms, heavier fields */
	ck_assert_int_eq(h[3].id, 5);		/* 2 terms */
	ck_assert_int_eq(h[4].id, 6);		/* 1 term, though newer */
	ck_assert_int_eq(h[1].kind, SEARCH_ORDER);
	/* equal but for the id: the newer first; orders before complaints */
	memset(h, 0, 2 * sizeof(h[0]));
	h[0].id = 1; h[1].id = 2;
	ck_assert_int_gt(search_hit_cmp(&h[0], &h[1]), 0);
	h[0].kind = SEARCH_ORDER; h[1].kind = SEARCH_COMPLAINT;
	ck_assert_int_lt(search_hit_cmp(&h[0], &h[1]), 0);
	ck_assert_str_eq(search_kind_name(SEARCH_PRODUCT), "product");
}
END_TEST

START_TEST(test_snippet)
{
	struct search_query	 q;
	struct fault		 f = { 0 };
	char			 out[SEARCH_SNIPPET_MAX];
	char			 text[600];

	ck_assert_int_eq(search_query_check("漏水", NULL, &q, &f), 0);
	ck_assert_int_eq(search_snippet("冰箱门关不上，有漏水", &q, out,
	    sizeof(out)), 1);
	ck_assert_str_eq(out, "冰箱门关不上，有漏水");
	ck_assert_int_eq(search_snippet("空调不制冷", &q, out, sizeof(out)),
	    0);
	ck_assert_str_eq(out, "");
	/* a long text is cut around the place, on characters' bounds */
	memset(text, 'x', 300);
	strcpy(text + 300, " LEAK here\nand more");
	memset(text + 319, 'y', 200);
	text[519] = '\0';
	ck_assert_int_eq(search_query_check("leak", NULL, &q, &f), 0);
	ck_assert_int_eq(search_snippet(text, &q, out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "LEAK here and"));
	ck_assert_int_eq(strncmp(out, "…", strlen("…")), 0);
	ck_assert_int_eq(strcmp(out + strlen(out) - strlen("…"), "…"), 0);
}
END_TEST

Suite *
search_rules_suite(void)
{
	Suite	*s = suite_create("search_rules");
	TCase	*tc = tcase_create("rules");

	tcase_add_test(tc, test_chinese_queries);
	tcase_add_test(tc, test_query_check);
	tcase_add_test(tc, test_rank);
	tcase_add_test(tc, test_snippet);
	suite_add_tcase(s, tc);
	return s;
}
