/* audit_reader_test.c: who reads the audit trail; a change's details */
#include <string.h>

#include "../auth/auth.h"
#include "../test.h"
#include "audit.h"

static struct principal
who(enum org_kind kind, unsigned roles)
{
	struct principal	 p;

	memset(&p, 0, sizeof(p));
	p.kind = kind;
	p.roles = roles;
	p.org_id = 7;
	return p;
}

START_TEST(test_readers)
{
	static const struct {
		enum org_kind	 kind;
		unsigned	 roles;
		enum audit_reads reads;
		int		 staff;
	} cases[] = {
		{ ORG_HQ, ROLE_ADMIN, AUDIT_READS_ALL, 1 },
		{ ORG_HQ, ROLE_FINANCE_CLERK | ROLE_HQ_KEY_ACCOUNT,
		    AUDIT_READS_NONE, 0 },
		{ ORG_REGION, ROLE_REGION_ADMIN, AUDIT_READS_OWN, 1 },
		{ ORG_REGION, ROLE_REGION_APPROVER | ROLE_FINANCE_CLERK,
		    AUDIT_READS_NONE, 0 },
		{ ORG_DEALER, ROLE_DEALER_ADMIN, AUDIT_READS_OWN, 0 },
		{ ORG_DEALER, ROLE_DEALER_BUYER | ROLE_DEALER_FINANCE,
		    AUDIT_READS_NONE, 0 },
		{ ORG_CHAIN, ROLE_CHAIN_ADMIN, AUDIT_READS_OWN, 0 },
		{ ORG_CHAIN, ROLE_CHAIN_BUYER, AUDIT_READS_NONE, 0 },
		/* a role out of its kind of organisation reads nothing */
		{ ORG_DEALER, ROLE_ADMIN, AUDIT_READS_NONE, 0 },
		{ ORG_PROVIDER, ROLE_PROVIDER_AGENT, AUDIT_READS_NONE, 0 },
	};
	struct principal	 p;
	size_t			 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		p = who(cases[i].kind, cases[i].roles);
		ck_assert_msg(audit_reader(&p) == cases[i].reads, "case %zu",
		    i);
		ck_assert_msg(audit_reader_staff(&p) == cases[i].staff,
		    "case %zu staff", i);
	}
}
END_TEST

START_TEST(test_page_flags)
{
	struct principal	 p = who(ORG_DEALER, ROLE_DEALER_ADMIN);
	cJSON			*ctx = cJSON_CreateObject();

	audit_page_flags(ctx, &p);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(ctx, "can_audit")));
	ck_assert(!cJSON_HasObjectItem(ctx, "can_audit_staff"));
	cJSON_Delete(ctx);
	p = who(ORG_DEALER, ROLE_DEALER_BUYER);
	ctx = cJSON_CreateObject();
	audit_page_flags(ctx, &p);
	ck_assert_int_eq(cJSON_GetArraySize(ctx), 0);
	cJSON_Delete(ctx);
}
END_TEST

START_TEST(test_details)
{
	cJSON	*d = cJSON_CreateObject();
	char	*s;

	audit_num(d, "credit_limit", 100, 200);
	audit_text(d, "tier", NULL, "B");
	audit_bool(d, "active", 1, 0);
	s = cJSON_PrintUnformatted(d);
	ck_assert_str_eq(s, "{\"credit_limit_before\":100,\"credit_limit\":200,"
	    "\"tier_before\":null,\"tier\":\"B\",\"active_before\":true,"
	    "\"active\":false}");
	cJSON_free(s);
	cJSON_Delete(d);
}
END_TEST

Suite *
audit_reader_suite(void)
{
	Suite	*s = suite_create("audit_reader");
	TCase	*tc = tcase_create("readers");

	tcase_add_test(tc, test_readers);
	tcase_add_test(tc, test_page_flags);
	tcase_add_test(tc, test_details);
	suite_add_tcase(s, tc);
	return s;
}
