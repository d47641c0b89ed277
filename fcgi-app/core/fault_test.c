/* fault_test.c: a refusal carried from an operation to its answer */
#include <string.h>

#include "../test.h"
#include "fault.h"

START_TEST(test_fault_fields)
{
	struct fault	 f;

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(fault_fields(&f), 0);
	fault_field(&f, "note", "too long");
	fault_field(&f, "note", "second message, not kept");
	fault_field(&f, "version", "required");
	ck_assert_int_eq(fault_fields(&f), 1);
	ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
	    f.fields, "note")), "too long");
	ck_assert_int_eq(cJSON_GetArraySize(f.fields), 2);
	ck_assert_int_eq(fault_set(&f, 422, "invalid", "%d fields", 2), 422);
	ck_assert_str_eq(f.code, "invalid");
	ck_assert_str_eq(f.msg, "2 fields");
	fault_clear(&f);
	ck_assert_ptr_null(f.fields);
	ck_assert_ptr_null(f.code);
	ck_assert_str_eq(f.msg, "");
}
END_TEST

Suite *
fault_suite(void)
{
	Suite	*s = suite_create("fault");
	TCase	*tc = tcase_create("fields");

	tcase_add_test(tc, test_fault_fields);
	suite_add_tcase(s, tc);
	return s;
}
