/* service_dispatch_rules_test.c: a batch's slots shared out in order */
#include <string.h>

#include "../test.h"
#include "service_jobs.h"

/* a job with candidates ids[] (nearest first), loads open[], cap[] */
static void
job(struct service_pick *p, int n, const int64_t *ids, const int *open,
    const int *cap)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->cand, ids, (size_t)n * sizeof(*ids));
	memcpy(p->open, open, (size_t)n * sizeof(*open));
	memcpy(p->cap, cap, (size_t)n * sizeof(*cap));
	p->ncand = n;
}

START_TEST(test_nearest_with_room)
{
	struct service_pick	 a, *p[1] = { &a };
	struct service_slot	 sl[SERVICE_CANDIDATES];
	const int64_t		 ids[] = { 7, 8, 9 };
	const int		 open[] = { 2, 0, 0 }, cap[] = { 2, 1, 5 };

	/* the nearest is full: the next */
	job(&a, 3, ids, open, cap);
	ck_assert_int_eq(service_dispatch_assign(p, 1, sl), 2);
	ck_assert_int_eq(a.chosen, 8);
	ck_assert_int_eq(sl[1].take, 1);
	ck_assert_int_eq(sl[0].take, 0);
}
END_TEST

START_TEST(test_batch_shares_capacity)
{
	struct service_pick	 j[4], *p[4] = { &j[0], &j[1], &j[2], &j[3] };
	struct service_slot	 sl[4 * SERVICE_CANDIDATES];
	const int64_t		 ids[] = { 1, 2 };
	const int		 open[] = { 0, 1 }, cap[] = { 2, 2 };
	int			 i, ns, taken;

	/* two slots at 1, one at 2: the fourth job finds none */
	for (i = 0; i < 4; i++)
		job(&j[i], 2, ids, open, cap);
	ns = service_dispatch_assign(p, 4, sl);
	ck_assert_int_eq(j[0].chosen, 1);
	ck_assert_int_eq(j[1].chosen, 1);
	ck_assert_int_eq(j[2].chosen, 2);
	ck_assert_int_eq(j[3].chosen, 0);
	for (i = 0, taken = 0; i < ns; i++) {
		ck_assert_int_le(sl[i].open + sl[i].take, sl[i].cap);
		taken += sl[i].take;
	}
	ck_assert_int_eq(taken, 3);
}
END_TEST

START_TEST(test_no_candidates)
{
	struct service_pick	 a, *p[1] = { &a };
	struct service_slot	 sl[SERVICE_CANDIDATES];

	memset(&a, 0, sizeof(a));
	a.chosen = 99;
	ck_assert_int_eq(service_dispatch_assign(p, 1, sl), 0);
	ck_assert_int_eq(a.chosen, 0);
}
END_TEST

Suite *
service_dispatch_rules_suite(void)
{
	Suite	*s = suite_create("service_dispatch_rules");
	TCase	*tc = tcase_create("assign");

	tcase_add_test(tc, test_nearest_with_room);
	tcase_add_test(tc, test_batch_shares_capacity);
	tcase_add_test(tc, test_no_candidates);
	suite_add_tcase(s, tc);
	return s;
}
