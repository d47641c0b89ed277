/* test_main.c: runs every unit suite; prints Check's summary line */
#include <stdlib.h>

#include "test.h"

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(buf_suite());
	srunner_add_suite(sr, conf_suite());
	srunner_add_suite(sr, form_suite());
	srunner_add_suite(sr, json_suite());
	srunner_add_suite(sr, router_suite());
	srunner_add_suite(sr, routes_suite());
	srunner_add_suite(sr, tpl_suite());
	srunner_add_suite(sr, views_suite());
	srunner_add_suite(sr, migrate_suite());
	srunner_add_suite(sr, db_suite());
	srunner_add_suite(sr, auth_suite());
	srunner_add_suite(sr, apikey_suite());
	srunner_add_suite(sr, pricing_suite());
	srunner_add_suite(sr, money_suite());
	srunner_add_suite(sr, orders_rules_suite());
	srunner_add_suite(sr, csv_suite());
	srunner_add_suite(sr, approvals_rules_suite());
	srunner_add_suite(sr, complaints_rules_suite());
	srunner_add_suite(sr, ledger_rules_suite());
	srunner_add_suite(sr, sellthrough_rules_suite());
	srunner_add_suite(sr, kpi_rules_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
