/* test.h: the unit test suites, one per tested source file */
#ifndef TEST_H
#define TEST_H

#include <check.h>

Suite	*buf_suite(void);
Suite	*conf_suite(void);
Suite	*form_suite(void);
Suite	*json_suite(void);
Suite	*router_suite(void);
Suite	*routes_suite(void);
Suite	*tpl_suite(void);
Suite	*views_suite(void);
Suite	*migrate_suite(void);
Suite	*db_suite(void);
Suite	*auth_suite(void);
Suite	*apikey_suite(void);
Suite	*pricing_suite(void);
Suite	*money_suite(void);
Suite	*orders_rules_suite(void);
Suite	*csv_suite(void);
Suite	*approvals_rules_suite(void);
Suite	*complaints_rules_suite(void);
Suite	*ledger_rules_suite(void);
Suite	*sellthrough_rules_suite(void);
Suite	*kpi_rules_suite(void);

#endif
