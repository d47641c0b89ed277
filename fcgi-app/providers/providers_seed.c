/*
 * providers_seed.c: the demo's service network: where each of the 42
 * region cities is (service_cities, the city centres' coordinates), and
 * three providers in each (P<rr>01..P<rr>03, rr the region's number),
 * each with an agent p<rr>01.agent ... (password "dealernet-demo").
 * Between them the three serve all five product lines in their city; in
 * Beijing P0101 is nearest the centre and serves all five.  Runs once,
 * after accounts' and the catalogue's parts (it needs their regions and
 * lines): it does nothing when P0101 exists.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../auth/auth.h"
#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "providers.h"

#define DEMO_PASSWORD	"dealernet-demo"

/* The region cities in the regions' order (R01 ...), and their centres. */
static const struct city {
	const char	*zh, *en;
	int		 lat_e6, lng_e6;
} cities[42] = {
	{ "北京", "Beijing", 39904200, 116407400 },
	{ "天津", "Tianjin", 39084200, 117201000 },
	{ "石家庄", "Shijiazhuang", 38042800, 114514900 },
	{ "太原", "Taiyuan", 37870600, 112548900 },
	{ "呼和浩特", "Hohhot", 40842400, 111749000 },
	{ "沈阳", "Shenyang", 41805700, 123431500 },
	{ "大连", "Dalian", 38914000, 121614700 },
	{ "长春", "Changchun", 43817100, 125323500 },
	{ "哈尔滨", "Harbin", 45803800, 126534900 },
	{ "上海", "Shanghai", 31230400, 121473700 },
	{ "南京", "Nanjing", 32060300, 118796900 },
	{ "苏州", "Suzhou", 31298900, 120585300 },
	{ "杭州", "Hangzhou", 30274100, 120155100 },
	{ "宁波", "Ningbo", 29868300, 121544000 },
	{ "合肥", "Hefei", 31820600, 117227200 },
	{ "福州", "Fuzhou", 26074500, 119296500 },
	{ "厦门", "Xiamen", 24479800, 118089400 },
	{ "南昌", "Nanchang", 28682000, 115857900 },
	{ "济南", "Jinan", 36651200, 117120100 },
	{ "青岛", "Qingdao", 36067100, 120382600 },
	{ "郑州", "Zhengzhou", 34746600, 113625300 },
	{ "武汉", "Wuhan", 30592800, 114305500 },
	{ "长沙", "Changsha", 28228200, 112938800 },
	{ "广州", "Guangzhou", 23129100, 113264400 },
	{ "深圳", "Shenzhen", 22543100, 114057900 },
	{ "南宁", "Nanning", 22817000, 108366500 },
	{ "海口", "Haikou", 20044000, 110199900 },
	{ "重庆", "Chongqing", 29563000, 106551600 },
	{ "成都", "Chengdu", 30572800, 104066800 },
	{ "贵阳", "Guiyang", 26647000, 106630200 },
	{ "昆明", "Kunming", 25038900, 102718300 },
	{ "拉萨", "Lhasa", 29652000, 91172100 },
	{ "西安", "Xi'an", 34341600, 108939800 },
	{ "兰州", "Lanzhou", 36061100, 103834300 },
	{ "西宁", "Xining", 36617100, 101778200 },
	{ "银川", "Yinchuan", 38487200, 106230900 },
	{ "乌鲁木齐", "Urumqi", 43825600, 87616800 },
	{ "烟台", "Yantai", 37463800, 121447900 },
	{ "无锡", "Wuxi", 31491200, 120311900 },
	{ "佛山", "Foshan", 23021500, 113121400 },
	{ "东莞", "Dongguan", 23020700, 113751800 },
	{ "唐山", "Tangshan", 39630500, 118180200 },
};

static const char *const lines[5] = { "fridge", "air_conditioner", "washer",
	"water_heater", "tv" };

/*
 * A city's three providers: names after the city's, where they are
 * from its centre (microdegrees) and which lines (bits of lines[],
 * turned by the region's number so the cities differ; the three
 * together always serve all five).
 */
static const struct slot {
	const char	*zh, *en, *street;
	int		 dlat, dlng, lines, capacity;
} slots[3] = {
	{ "市区家电服务中心", " Central Appliance Service Centre",
	    "人民路", 6000, 4000, 0x07, 6 },
	{ "东区家电维修站", " East Appliance Repair Station",
	    "建设路", 12000, 38000, 0x1a, 4 },
	{ "西区电器售后服务部", " West Appliance After-Sales Service",
	    "解放路", -21000, -46000, 0x15, 3 },
};

/* Beijing's, by name and place: P0101 nearest the centre, all lines. */
static const struct slot beijing[3] = {
	{ "北京东城家电服务中心", "Beijing Dongcheng Appliance Service Centre",
	    "东城区王府井大街138号", 5800, 2600, 0x1f, 5 },
	{ "北京朝阳家电维修站", "Beijing Chaoyang Appliance Repair Station",
	    "朝阳区建国路88号", 17700, 59600, 0x15, 4 },
	{ "北京海淀家电服务中心", "Beijing Haidian Appliance Service Centre",
	    "海淀区中关村大街27号", 54800, -97400, 0x0a, 4 },
};

enum stmt {
	STMT_DONE, STMT_CITY, STMT_ORG, STMT_PROFILE, STMT_AREA, STMT_AGENT,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	"SELECT id FROM orgs WHERE code = 'P0101'",
	"INSERT INTO service_cities (city, lat_e6, lng_e6) VALUES (?, ?, ?)",
	"INSERT INTO orgs (kind, code, name_zh, name_en, region_id, city) "
	"SELECT 'provider', ?, ?, ?, id, ? FROM orgs WHERE code = ? AND "
	"kind = 'region'",
	"INSERT INTO providers (org_id, address, phone, lat_e6, lng_e6, "
	"capacity, days, opens, closes) VALUES (?, ?, ?, ?, ?, ?, "
	"'mon,tue,wed,thu,fri,sat,sun', '08:00', '20:00')",
	"INSERT INTO provider_areas (city, category_id, provider_id) "
	"SELECT ?, id, ? FROM categories WHERE code = ?",
	"INSERT INTO users (login, display_name, org_id, password_hash, roles) "
	"VALUES (?, ?, ?, ?, 'provider_agent')",
};

/* Provider s of city r (0-based), its areas and its agent. */
static int
add_provider(struct db *db, int r, int s, const char *hash)
{
	const struct city	*c = &cities[r];
	const struct slot	*p = r == 0 ? &beijing[s] : &slots[s];
	char			 code[32], region[32], zh[200], en[200],
				 addr[200], phone[48], login[48], name[240];
	uint64_t		 id;
	int			 i, bits;

	snprintf(code, sizeof(code), "P%02d%02d", r + 1, s + 1);
	snprintf(region, sizeof(region), "R%02d", r + 1);
	/* Beijing's names whole; elsewhere the city's and the slot's */
	snprintf(zh, sizeof(zh), "%s%s", r == 0 ? "" : c->zh, p->zh);
	snprintf(en, sizeof(en), "%s%s", r == 0 ? "" : c->en, p->en);
	if (r == 0)
		snprintf(addr, sizeof(addr), "北京市%s", p->street);
	else
		snprintf(addr, sizeof(addr), "%s市%s%d号", c->zh, p->street,
		    18 + 7 * r + s);
	snprintf(phone, sizeof(phone), "400-810-%02d%02d", r + 1, s + 1);
	if (db_execv(db, stmts[STMT_ORG], &id, "sssss", code, zh, en, c->zh,
	    region) != 1 || db_execv(db, stmts[STMT_PROFILE], NULL, "issiii",
	    (int64_t)id, addr, phone, (int64_t)(c->lat_e6 + p->dlat),
	    (int64_t)(c->lng_e6 + p->dlng), (int64_t)(p->capacity + r % 3)) !=
	    1)
		return -1;
	/* Beijing's as written; elsewhere turned by the region */
	bits = r == 0 ? p->lines : ((p->lines << (r % 5)) |
	    (p->lines >> (5 - r % 5))) & 0x1f;
	for (i = 0; i < 5; i++)
		if ((bits & (1 << i)) && db_execv(db, stmts[STMT_AREA], NULL,
		    "sis", c->zh, (int64_t)id, lines[i]) != 1)
			return -1;
	snprintf(login, sizeof(login), "p%02d%02d.agent", r + 1, s + 1);
	snprintf(name, sizeof(name), "%s Agent", en);
	return db_execv(db, stmts[STMT_AGENT], NULL, "ssis", login, name,
	    (int64_t)id, hash) == 1 ? 0 : -1;
}

int
providers_seed_demo(struct db *db)
{
	struct db_stmt	*s;
	char		 hash[crypto_pwhash_STRBYTES];
	int		 r, i, done;

	if ((s = db_prepare(db, stmts[STMT_DONE])) == NULL ||
	    (done = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	db_stmt_release(s);
	if (done == DB_ROW)
		return 0;
	/* one hash for all: the same password, and seeding stays quick */
	if (password_hash(DEMO_PASSWORD, hash, sizeof(hash)) == -1 ||
	    db_begin(db) == -1)
		return -1;
	for (r = 0; r < 42; r++) {
		if (db_execv(db, stmts[STMT_CITY], NULL, "sii", cities[r].zh,
		    (int64_t)cities[r].lat_e6, (int64_t)cities[r].lng_e6) != 1)
			goto fail;
		for (i = 0; i < 3; i++)
			if (add_provider(db, r, i, hash) == -1)
				goto fail;
	}
	if (db_commit(db) == -1)
		goto fail;
	log_info("demo service network loaded: 42 cities, 126 providers "
	    "with an agent each");
	return 0;
fail:
	log_error("loading the demo service network failed");
	db_rollback(db);
	return -1;
}
