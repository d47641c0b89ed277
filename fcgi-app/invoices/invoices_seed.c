/*
 * invoices_seed.c: the demo's invoice profiles, so that the demo dealers'
 * invoices name a buyer in full: D0001, D0002 and D0101, each with a
 * tax number (fictitious; GB 32100's check character right), address,
 * phone, bank and account.  Runs once, after the accounts.
 */
#include "../db/db.h"
#include "invoices.h"

static const char *const steps[] = {
	"INSERT INTO invoice_profiles (dealer_id, tax_number, address, phone, "
	"bank_name, bank_account, updated_by) SELECT o.id, p.tax, p.address, "
	"p.phone, p.bank, p.account, (SELECT MIN(u.id) FROM users u WHERE "
	"u.login = 'admin') FROM orgs o JOIN ("
	"SELECT 'D0001' AS code, '91110105MA01WM0015' AS tax, "
	"'北京市朝阳区建国路 88 号' AS address, '010-6555 0101' AS phone, "
	"'中国银行北京建国路支行' AS bank, '3405 6789 0123 4501' AS account "
	"UNION ALL SELECT 'D0002', '91110108MA01GM002N', "
	"'北京市海淀区中关村大街 12 号', '010-6255 0202', "
	"'中国建设银行北京中关村支行', '1100 1020 3040 5060 702' "
	"UNION ALL SELECT 'D0101', '91120116MA06TJ0035', "
	"'天津市滨海新区黄海路 3 号', '022-6520 0303', "
	"'中国农业银行天津滨海支行', '0218 0101 0400 3030 3') p "
	"ON p.code = o.code WHERE o.kind = 'dealer'",
};

int
invoices_seed_demo(struct db *db)
{
	return db_seed_once(db, "SELECT dealer_id FROM invoice_profiles "
	    "LIMIT 1", steps, sizeof(steps) / sizeof(steps[0]));
}
