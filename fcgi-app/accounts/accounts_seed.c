/*
 * accounts_seed.c: the demo data set: HQ, 42 regional sales companies, three
 * dealers of each region across the five kinds, and a login for every
 * role (password "dealernet-demo").  Runs once: it does nothing when HQ
 * exists already.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "accounts.h"

#define DEMO_PASSWORD	"dealernet-demo"

static const struct region {
	const char	*zh, *en;
} regions[42] = {
	{ "北京", "Beijing" }, { "天津", "Tianjin" },
	{ "石家庄", "Shijiazhuang" }, { "太原", "Taiyuan" },
	{ "呼和浩特", "Hohhot" }, { "沈阳", "Shenyang" }, { "大连", "Dalian" },
	{ "长春", "Changchun" }, { "哈尔滨", "Harbin" }, { "上海", "Shanghai" },
	{ "南京", "Nanjing" }, { "苏州", "Suzhou" }, { "杭州", "Hangzhou" },
	{ "宁波", "Ningbo" }, { "合肥", "Hefei" }, { "福州", "Fuzhou" },
	{ "厦门", "Xiamen" }, { "南昌", "Nanchang" }, { "济南", "Jinan" },
	{ "青岛", "Qingdao" }, { "郑州", "Zhengzhou" }, { "武汉", "Wuhan" },
	{ "长沙", "Changsha" }, { "广州", "Guangzhou" }, { "深圳", "Shenzhen" },
	{ "南宁", "Nanning" }, { "海口", "Haikou" }, { "重庆", "Chongqing" },
	{ "成都", "Chengdu" }, { "贵阳", "Guiyang" }, { "昆明", "Kunming" },
	{ "拉萨", "Lhasa" }, { "西安", "Xi'an" }, { "兰州", "Lanzhou" },
	{ "西宁", "Xining" }, { "银川", "Yinchuan" }, { "乌鲁木齐", "Urumqi" },
	{ "烟台", "Yantai" }, { "无锡", "Wuxi" }, { "佛山", "Foshan" },
	{ "东莞", "Dongguan" }, { "唐山", "Tangshan" },
};

/* A dealer's name: before + city + after, in each language. */
static const struct kind {
	const char	*kind, *zh1, *zh2, *en1, *en2;
} kinds[5] = {
	{ "multinational_chain", "沃尔玛", "店", "Walmart ", "" },
	{ "domestic_chain", "国美电器", "店", "Gome ", "" },
	{ "department_store", "", "百货大楼", "", " Department Store" },
	{ "exclusive_store", "", "品牌专卖店", "", " Exclusive Store" },
	{ "specialty_store", "", "空调专营店", "", " Air-Conditioner Shop" },
};

static const struct demo_user {
	const char	*login, *org, *name, *roles;
} users[] = {
	{ "admin", "HQ", "System Administrator", "admin" },
	{ "hq.key", "HQ", "Key Account Manager", "hq_key_account" },
	{ "hq.finance", "HQ", "HQ Finance Clerk", "finance_clerk" },
	{ "hq.agent", "HQ", "HQ Service Agent", "service_agent" },
	{ "erp", "HQ", "ERP Integration", "erp" },
	{ "r01.approver", "R01", "Beijing Approver", "region_approver" },
	{ "r01.manager", "R01", "Beijing Account Manager", "account_manager" },
	/* a second, so the region's head compares managers (issue #25) */
	{ "r01.manager2", "R01", "Beijing Account Manager 2",
	    "account_manager" },
	{ "r01.clerk", "R01", "Beijing Finance Clerk", "finance_clerk" },
	{ "r01.agent", "R01", "Beijing Service Agent", "service_agent" },
	/* reads the region's audit trail */
	{ "r01.admin", "R01", "Beijing Administrator", "region_admin" },
	{ "r02.approver", "R02", "Tianjin Approver", "region_approver" },
	{ "r02.manager", "R02", "Tianjin Account Manager", "account_manager" },
	{ "r02.agent", "R02", "Tianjin Service Agent", "service_agent" },
	{ "r02.clerk", "R02", "Tianjin Finance Clerk", "finance_clerk" },
	{ "r02.admin", "R02", "Tianjin Administrator", "region_admin" },
	{ "d0001.buyer", "D0001", "Walmart Beijing Buyer", "dealer_buyer" },
	{ "d0001.finance", "D0001", "Walmart Beijing Finance",
	    "dealer_finance" },
	{ "d0001.admin", "D0001", "Walmart Beijing Admin", "dealer_admin" },
	/* releases its buyers' orders above the shop's own limit */
	{ "d0001.approver", "D0001", "Walmart Beijing Store Manager",
	    "dealer_approver" },
	{ "d0002.buyer", "D0002", "Gome Beijing Buyer", "dealer_buyer" },
	{ "d0002.admin", "D0002", "Gome Beijing Admin", "dealer_admin" },
	{ "d0002.finance", "D0002", "Gome Beijing Finance", "dealer_finance" },
	{ "d0101.buyer", "D0101", "Tianjin Dealer Buyer", "dealer_buyer" },
	/* Walmart China over every Walmart, Gome over every Gome */
	{ "c0001.buyer", "C0001", "Walmart China Buyer", "chain_buyer" },
	{ "c0001.finance", "C0001", "Walmart China Finance", "chain_finance" },
	{ "c0001.admin", "C0001", "Walmart China Admin", "chain_admin" },
	{ "c0002.buyer", "C0002", "Gome Electrical Buyer", "chain_buyer" },
};

/* account managers' dealers: login, dealer */
static const char *const assigned[][2] = {
	{ "r01.manager", "D0001" },
	{ "r01.manager2", "D0003" },
	{ "r02.manager", "D0101" },
};

enum stmt {
	STMT_HAS_HQ, STMT_ORG, STMT_USER, STMT_ASSIGN, STMT_LIMIT, STMT_KEY,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	"SELECT id FROM orgs WHERE code = 'HQ'",
	"INSERT INTO orgs (kind, code, name_zh, name_en, region_id, "
	"dealer_kind, city, tier, chain_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
	"NULLIF(?, 0))",
	"INSERT INTO users (login, display_name, org_id, password_hash, roles) "
	"SELECT ?, ?, id, ?, ? FROM orgs WHERE code = ?",
	"INSERT INTO manager_dealers (manager_id, dealer_id) "
	"SELECT u.id, o.id FROM users u, orgs o WHERE u.login = ? AND o.code = ?",
	/* Walmart Beijing's own release limit: 200,000 yuan */
	"UPDATE orgs SET release_limit = 20000000 WHERE code = 'D0001'",
	/* HQ's key-account person looks after Walmart China */
	"INSERT INTO key_account_chains (user_id, chain_id) SELECT u.id, c.id "
	"FROM users u, orgs c WHERE u.login = 'hq.key' AND c.code = 'C0001'",
};

static int64_t
add_org(struct db *db, const char *kind, const char *code, const char *zh,
    const char *en, int64_t region, const char *dkind, const char *city,
    const char *tier, int64_t chain)
{
	struct db_stmt	*s;
	int64_t		 id = -1;

	if ((s = db_prepare(db, stmts[STMT_ORG])) == NULL ||
	    db_bind_text(s, 0, kind) == -1 || db_bind_text(s, 1, code) == -1 ||
	    db_bind_text(s, 2, zh) == -1 || db_bind_text(s, 3, en) == -1 ||
	    (region > 0 ? db_bind_int(s, 4, region) : db_bind_null(s, 4)) ||
	    db_bind_text(s, 5, dkind) == -1 ||
	    db_bind_text(s, 6, city) == -1 ||
	    db_bind_text(s, 7, tier) == -1 || db_bind_int(s, 8, chain) == -1 ||
	    db_exec(s) == -1)
		goto out;
	id = (int64_t)db_insert_id(s);
out:
	db_stmt_release(s);
	return id;
}

static int
add_orgs(struct db *db)
{
	static const char	*tiers[] = { "A", "B", "C", "D" };
	char			 code[32], zh[200], en[200];
	int64_t			 rid, chain[5] = { 0 };
	int			 r, d, i = 0;

	if (add_org(db, "hq", "HQ", "总部", "Headquarters", 0, NULL, "青岛",
	    NULL, 0) == -1)
		return -1;
	/* the chains' headquarters: kinds[0] and kinds[1] are chains */
	if ((chain[0] = add_org(db, "chain", "C0001", "沃尔玛(中国)",
	    "Walmart China", 0, NULL, "深圳", NULL, 0)) == -1 ||
	    (chain[1] = add_org(db, "chain", "C0002", "国美电器",
	    "Gome Electrical", 0, NULL, "北京", NULL, 0)) == -1)
		return -1;
	for (r = 0; r < 42; r++) {
		snprintf(code, sizeof(code), "R%02d", r + 1);
		snprintf(zh, sizeof(zh), "%s工贸公司", regions[r].zh);
		snprintf(en, sizeof(en), "%s Trading Company", regions[r].en);
		if ((rid = add_org(db, "region", code, zh, en, 0, NULL,
		    regions[r].zh, NULL, 0)) == -1)
			return -1;
		for (d = 0; d < 3; d++, i++) {
			snprintf(code, sizeof(code), "D%02d%02d", r, d + 1);
			snprintf(zh, sizeof(zh), "%s%s%s", kinds[i % 5].zh1,
			    regions[r].zh, kinds[i % 5].zh2);
			snprintf(en, sizeof(en), "%s%s%s", kinds[i % 5].en1,
			    regions[r].en, kinds[i % 5].en2);
			if (add_org(db, "dealer", code, zh, en, rid,
			    kinds[i % 5].kind, regions[r].zh,
			    tiers[(i / 5) % 4], chain[i % 5]) == -1)
				return -1;
		}
	}
	return 0;
}

static int
add_user(struct db *db, const struct demo_user *u)
{
	struct db_stmt	*s;
	char		 hash[crypto_pwhash_STRBYTES];
	unsigned	 bit;
	int		 rc = -1;

	if (role_parse(u->roles, &bit) == -1 ||
	    password_hash(DEMO_PASSWORD, hash, sizeof(hash)) == -1)
		return -1;
	if ((s = db_prepare(db, stmts[STMT_USER])) != NULL &&
	    db_bind_text(s, 0, u->login) == 0 &&
	    db_bind_text(s, 1, u->name) == 0 &&
	    db_bind_text(s, 2, hash) == 0 && db_bind_int(s, 3, bit) == 0 &&
	    db_bind_text(s, 4, u->org) == 0 && db_exec(s) == 0 &&
	    db_affected(s) == 1)
		rc = 0;
	db_stmt_release(s);
	return rc;
}

int
accounts_seed_demo(struct db *db)
{
	struct db_stmt	*s;
	size_t		 i;
	int		 r;

	if ((s = db_prepare(db, stmts[STMT_HAS_HQ])) == NULL ||
	    (r = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	db_stmt_release(s);
	if (r == DB_ROW) {
		log_info("demo data is there already");
		return 0;
	}
	if (db_begin(db) == -1)
		return -1;
	if (add_orgs(db) == -1)
		goto fail;
	for (i = 0; i < NELEM(users); i++)
		if (add_user(db, &users[i]) == -1)
			goto fail;
	for (i = 0; i < NELEM(assigned); i++) {
		if ((s = db_prepare(db, stmts[STMT_ASSIGN])) == NULL ||
		    db_bind_text(s, 0, assigned[i][0]) == -1 ||
		    db_bind_text(s, 1, assigned[i][1]) == -1 ||
		    db_exec(s) == -1 || db_affected(s) != 1) {
			db_stmt_release(s);
			goto fail;
		}
		db_stmt_release(s);
	}
	if (db_run(db, stmts[STMT_LIMIT]) == -1 ||
	    db_run(db, stmts[STMT_KEY]) == -1 || db_commit(db) == -1)
		goto fail;
	log_info("demo data loaded: 1 HQ, 42 regions, 126 dealers, 2 chains, "
	    "%zu users", NELEM(users));
	return 0;
fail:
	log_error("loading the demo data failed");
	db_rollback(db);
	return -1;
}
