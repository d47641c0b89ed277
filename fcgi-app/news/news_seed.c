/*
 * news_seed.c: two demo announcements: one for everyone, one for the Beijing
 * region's A-tier dealers.  Runs once.
 */
#include "../db/db.h"
#include "news.h"

static const char sql_any[] = "SELECT id FROM news LIMIT 1";
static const char *const steps[] = {
	"INSERT INTO news (title_zh, title_en, body_zh, body_en, tiers, "
	"regional, author_user_id) SELECT '春节期间物流安排', 'Logistics over "
	"the Spring Festival', '春节前最后一批发货为腊月二十五，节后初八起恢复发"
	"货。请提前安排订单。', 'The last shipments before the Spring Festival "
	"leave on the 25th of the 12th month; shipping resumes on the 8th day "
	"of the new year. Please order in time.', '', 0, id FROM users WHERE "
	"login = 'admin'",
	"INSERT INTO news (title_zh, title_en, body_zh, body_en, tiers, "
	"regional, author_user_id) SELECT '北京区 A 级经销商新品品鉴会', "
	"'New models preview for A-tier dealers in Beijing', '12 月 10 日在北京"
	"工贸公司展厅举办新品品鉴会，欢迎 A 级经销商参加。', 'A preview of the "
	"new models for A-tier dealers at the Beijing showroom on 10 December.'"
	", 'A', 1, id FROM users WHERE login = 'admin'",
	"INSERT INTO news_regions (news_id, region_id) SELECT MAX(n.id), "
	"(SELECT id FROM orgs WHERE code = 'R01') FROM news n",
};

int
news_seed_demo(struct db *db)
{
	return db_seed_once(db, sql_any, steps,
	    sizeof(steps) / sizeof(steps[0]));
}
