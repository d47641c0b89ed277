/* search_terms_rules_test.c: the tokenizer: a document's and a query's terms */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../test.h"
#include "search_index.h"

/* The terms of text, "|"-joined, into out. */
struct joined {
	char	 s[1024];
};

static void
join_one(void *arg, const char *t, size_t len)
{
	struct joined	*j = arg;
	size_t		 n = strlen(j->s);

	if (n > 0)
		j->s[n++] = '|';
	memcpy(j->s + n, t, len);
	j->s[n + len] = '\0';
}

static const char *
cut(const char *text, int query, struct joined *j)
{
	j->s[0] = '\0';
	search_tokens(text, strlen(text), query, join_one, j);
	return j->s;
}

START_TEST(test_tokens_document)
{
	struct joined	 j;

	/* every character, and each pair of neighbours */
	ck_assert_str_eq(cut("冰箱门", 0, &j), "冰|箱|冰箱|门|箱门");
	/* CJK punctuation splits; Latin words lower-cased */
	ck_assert_str_eq(cut("门，漏 Leak-Fix", 0, &j), "门|漏|leak|fix");
	/* a single ASCII letter or digit is no term */
	ck_assert_str_eq(cut("a 1 ab 12", 0, &j), "ab|12");
	/* fullwidth letters and digits are ASCII */
	ck_assert_str_eq(cut("ＳＯ１２３", 0, &j), "so123");
	/* a number in Chinese text */
	ck_assert_str_eq(cut("型号BCD-215漏", 0, &j), "型|号|型号|bcd|215|漏");
	/* bytes that are not UTF-8 separate */
	ck_assert_str_eq(cut("ab\xff" "cd", 0, &j), "ab|cd");
	ck_assert_str_eq(cut("", 0, &j), "");
	/* a long word keeps its first 32 bytes */
	ck_assert_str_eq(cut("abcdefghijklmnopqrstuvwxyz0123456789", 0, &j),
	    "abcdefghijklmnopqrstuvwxyz012345");
}
END_TEST

START_TEST(test_tokens_query)
{
	struct joined	 j;

	/* pairs only, and a single character when that is all there is */
	ck_assert_str_eq(cut("冰箱门", 1, &j), "冰箱|箱门");
	ck_assert_str_eq(cut("门", 1, &j), "门");
	ck_assert_str_eq(cut("漏水", 1, &j), "漏水");
	ck_assert_str_eq(cut("门 漏水", 1, &j), "门|漏水");
	ck_assert_str_eq(cut("Door LEAK", 1, &j), "door|leak");
}
END_TEST

START_TEST(test_terms_fields)
{
	struct search_terms	*set = calloc(1, sizeof(*set));
	int64_t			 door = search_hash("门", strlen("门"));
	int64_t			 secret = search_hash("secret", 6);
	size_t			 k;
	int			 seen = 0;

	search_terms_add(set, "冰箱门", SEARCH_MESSAGE);
	search_terms_add(set, "门 secret", SEARCH_NOTE);
	search_terms_add(set, "门", SEARCH_SUBJECT);
	ck_assert_uint_eq(set->n, 6);	/* 冰 箱 冰箱 门 箱门 secret */
	for (k = 0; k < set->n; k++) {
		if (set->t[k].hash == door) {
			ck_assert_int_eq(set->t[k].weight, 4);
			ck_assert_int_eq(set->t[k].dealer_sees, 1);
			seen++;
		}
		if (set->t[k].hash == secret) {
			/* only in a note: staff's alone */
			ck_assert_int_eq(set->t[k].weight, 1);
			ck_assert_int_eq(set->t[k].dealer_sees, 0);
			seen++;
		}
	}
	ck_assert_int_eq(seen, 2);
	free(set);
}
END_TEST

START_TEST(test_terms_bounded)
{
	struct search_terms	*set = calloc(1, sizeof(*set));
	char			*big = malloc(30000);
	size_t			 i, n = 0;

	/* 3,000 distinct words: the first SEARCH_DOC_TERMS are kept */
	for (i = 0; i < 3000; i++)
		n += (size_t)snprintf(big + n, 30000 - n, "w%zu ", i);
	search_terms_add(set, big, SEARCH_DESCRIPTION);
	ck_assert_uint_eq(set->n, SEARCH_DOC_TERMS);
	free(big);
	free(set);
}
END_TEST

Suite *
search_terms_rules_suite(void)
{
	Suite	*s = suite_create("search_terms_rules");
	TCase	*tc = tcase_create("terms");

	tcase_add_test(tc, test_tokens_document);
	tcase_add_test(tc, test_tokens_query);
	tcase_add_test(tc, test_terms_fields);
	tcase_add_test(tc, test_terms_bounded);
	suite_add_tcase(s, tc);
	return s;
}
