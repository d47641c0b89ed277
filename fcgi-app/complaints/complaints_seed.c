/*
 * complaints_seed.c: the demo's service providers, so complaints of dealers in
 * Beijing, Tianjin and Shanghai are routed to one.  Runs once.
 */
#include "../db/db.h"
#include "complaints.h"

static const char sql_any[] = "SELECT id FROM service_providers LIMIT 1";
static const char *const steps[] = {
	"INSERT INTO service_providers (name_zh, name_en, city, categories) "
	"VALUES ('北京家电安装服务中心', 'Beijing Appliance Installation "
	"Centre', '北京', 'installation_service,product_quality'), "
	"('北京顺达物流售后', 'Beijing Shunda Logistics Service', '北京', "
	"'delivery'), ('天津家电维修服务站', 'Tianjin Appliance Repair "
	"Station', '天津', 'installation_service,product_quality,delivery'), "
	"('上海家电服务中心', 'Shanghai Appliance Service Centre', '上海', "
	"'installation_service,product_quality')",
};

int
complaints_seed_demo(struct db *db)
{
	return db_seed_once(db, sql_any, steps, 1);
}
