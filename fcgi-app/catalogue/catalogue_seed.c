/*
 * catalogue_seed.c: the demo catalogue: five categories, 45 models with realistic
 * option schemas, and a few promotions.  Runs once.
 */
#include <stdio.h>
#include <string.h>

#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "catalogue.h"
#include "catalogue_labels.h"
#include "catalogue_pricing.h"

#define LOGO "{\"name\":\"logo_text\",\"type\":\"text\",\"max_length\":20," \
	"\"price\":3000}"
/* an enum value: its code, its price delta, its zh-CN and en labels */
#define V(code, delta, zh, en) "{\"value\":\"" code "\",\"price_delta\":" \
	delta ",\"labels\":{\"zh-CN\":\"" zh "\",\"en\":\"" en "\"}}"
#define ENUM(name, req, vals) "{\"name\":\"" name "\",\"type\":\"enum\"," \
	req "\"values\":[" vals "]}"
#define REQ	"\"required\":true,"
#define ENERGY(a, b, c) ENUM("energy_class", REQ, V("1", a, "一级能效", \
	"Energy class 1") "," V("2", b, "二级能效", "Energy class 2") "," \
	V("3", c, "三级能效", "Energy class 3"))

static const struct category {
	const char	*code, *zh, *en, *prefix, *zh_noun, *en_noun;
	const char	*schema;
	long		 base, step;	/* fen: first model, then each next */
} cats[] = {
	{ "fridge", "冰箱", "Refrigerators", "BCD-", "冰箱", "Refrigerator",
	  "[{\"name\":\"capacity\",\"type\":\"number\",\"required\":true,"
	  "\"min\":180,\"max\":220,\"step\":10,\"price_per_unit\":1000},"
	  ENUM("colour", REQ, V("white", "0", "白色", "White") ","
	  V("silver", "5000", "银色", "Silver") ","
	  V("champagne", "15000", "香槟金", "Champagne")) ","
	  ENERGY("20000", "0", "-10000") ","
	  ENUM("door_panel", "", V("steel", "0", "钢板", "Steel") ","
	  V("glass", "30000", "玻璃", "Glass")) "," LOGO "]", 169900, 10000 },
	{ "air_conditioner", "空调", "Air conditioners", "KFR-", "空调",
	  "Air conditioner",
	  "[" ENUM("horsepower", REQ, V("1", "0", "1匹", "1 hp") ","
	  V("1.5", "40000", "1.5匹", "1.5 hp") ","
	  V("2", "90000", "2匹", "2 hp") ","
	  V("3", "200000", "3匹", "3 hp")) ","
	  ENUM("mounting", REQ, V("wall", "0", "壁挂式", "Wall-mounted") ","
	  V("floor", "60000", "立柜式", "Floor-standing")) ","
	  ENERGY("30000", "0", "-15000") ","
	  ENUM("voltage", "", V("220V", "0", "220伏", "220 volts") ","
	  V("380V", "25000", "380伏", "380 volts")) "," LOGO "]",
	  229900, 15000 },
	{ "washer", "洗衣机", "Washing machines", "XQG-", "洗衣机",
	  "Washing machine",
	  "[{\"name\":\"capacity_kg\",\"type\":\"number\",\"required\":true,"
	  "\"min\":6,\"max\":12,\"step\":1,\"price_per_unit\":15000},"
	  ENUM("loading", REQ, V("front", "20000", "滚筒（前开门）",
	  "Front-loading") "," V("top", "0", "波轮（顶开门）", "Top-loading"))
	  "," ENUM("colour", "", V("white", "0", "白色", "White") ","
	  V("titanium", "8000", "钛金灰", "Titanium grey")) "," LOGO "]",
	  129900, 8000 },
	{ "water_heater", "热水器", "Water heaters", "ES-", "热水器",
	  "Water heater",
	  "[{\"name\":\"capacity_l\",\"type\":\"number\",\"required\":true,"
	  "\"min\":40,\"max\":100,\"step\":10,\"price_per_unit\":1500},"
	  ENUM("heating", REQ, V("electric", "0", "电加热", "Electric") ","
	  V("gas", "50000", "燃气", "Gas")) ","
	  ENERGY("15000", "0", "-5000") "," LOGO "]", 89900, 6000 },
	{ "tv", "电视", "Televisions", "LE-", "电视", "Television",
	  "[" ENUM("screen_in", REQ, V("43", "0", "43英寸", "43-inch") ","
	  V("55", "120000", "55英寸", "55-inch") ","
	  V("65", "280000", "65英寸", "65-inch") ","
	  V("75", "500000", "75英寸", "75-inch")) ","
	  ENUM("panel", REQ, V("led", "0", "LED液晶", "LED LCD") ","
	  V("oled", "300000", "OLED自发光", "Self-lit OLED")) "," LOGO "]",
	  199900, 20000 },
};

#define MODELS	9	/* per category */

enum stmt { STMT_ANY, STMT_CATEGORY, STMT_PRODUCT, STMT_PROMO, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT id FROM categories LIMIT 1",
	"INSERT INTO categories (code, name_zh, name_en) VALUES (?, ?, ?)",
	"INSERT INTO products (code, category_id, name_zh, name_en, "
	"base_price, option_schema) VALUES (?, ?, ?, ?, ?, ?)",
	"INSERT INTO promotions (code, name_zh, name_en, product_id, "
	"category_id, tiers, percent, fixed, starts_on, ends_on) SELECT ?, ?, "
	"?, (SELECT id FROM products WHERE code = ?), (SELECT id FROM "
	"categories WHERE code = ?), ?, ?, ?, ?, ? FROM DUAL",
};

static const struct demo_promo {
	const char	*code, *zh, *en, *product, *category, *tiers;
	int		 percent;
	long		 fixed;
	const char	*from, *to;
} promos[] = {
	{ "FRIDGE-SPRING", "冰箱春季促销 5%", "Fridge spring sale 5 %", NULL,
	  "fridge", "A,B", 5, 0, "2026-01-01", "2028-12-31" },
	{ "TV-LE-2005-200", "LE-2005 每台立减 200 元",
	  "LE-2005: 200 yuan off each", "LE-2005", NULL, "A,B,C,D", 0, 20000,
	  "2026-01-01", "2028-12-31" },
	{ "A-TIER-3", "A 级经销商全场 3%", "A-tier dealers: 3 % on all", NULL,
	  NULL, "A", 3, 0, "2026-01-01", "2028-12-31" },
	{ "WASHER-2025", "洗衣机 2025 年促销（已结束）",
	  "Washers 2025 (ended)", NULL, "washer", "A,B,C,D", 10, 0,
	  "2025-01-01", "2025-12-31" },
};

static int
add_category(struct db *db, const struct category *c, int64_t *id)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, stmts[STMT_CATEGORY])) != NULL &&
	    db_bind_text(s, 0, c->code) == 0 && db_bind_text(s, 1, c->zh) == 0 &&
	    db_bind_text(s, 2, c->en) == 0 && db_exec(s) == 0) {
		*id = (int64_t)db_insert_id(s);
		rc = 0;
	}
	db_stmt_release(s);
	return rc;
}

static int
add_product(struct db *db, const struct category *c, int64_t cat, int n)
{
	struct db_stmt	*s;
	char		 code[32], zh[128], en[128];
	int		 rc = -1;

	snprintf(code, sizeof(code), "%s%d", c->prefix, 2001 + n);
	snprintf(zh, sizeof(zh), "%s %s", c->zh_noun, code);
	snprintf(en, sizeof(en), "%s %s", c->en_noun, code);
	if ((s = db_prepare(db, stmts[STMT_PRODUCT])) != NULL &&
	    db_bind_text(s, 0, code) == 0 && db_bind_int(s, 1, cat) == 0 &&
	    db_bind_text(s, 2, zh) == 0 && db_bind_text(s, 3, en) == 0 &&
	    db_bind_int(s, 4, c->base + c->step * n) == 0 &&
	    db_bind_text(s, 5, c->schema) == 0 && db_exec(s) == 0)
		rc = 0;
	db_stmt_release(s);
	return rc;
}

static int
add_promo(struct db *db, const struct demo_promo *p)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, stmts[STMT_PROMO])) != NULL &&
	    db_bind_text(s, 0, p->code) == 0 && db_bind_text(s, 1, p->zh) == 0 &&
	    db_bind_text(s, 2, p->en) == 0 &&
	    db_bind_text(s, 3, p->product) == 0 &&
	    db_bind_text(s, 4, p->category) == 0 &&
	    db_bind_text(s, 5, p->tiers) == 0 &&
	    db_bind_int(s, 6, p->percent) == 0 &&
	    db_bind_int(s, 7, p->fixed) == 0 &&
	    db_bind_text(s, 8, p->from) == 0 && db_bind_text(s, 9, p->to) == 0 &&
	    db_exec(s) == 0)
		rc = 0;
	db_stmt_release(s);
	return rc;
}

int
catalogue_seed_demo(struct db *db)
{
	struct db_stmt	*s;
	int64_t		 cat;
	size_t		 i;
	int		 r, n;
	cJSON		*schema;

	if ((s = db_prepare(db, stmts[STMT_ANY])) == NULL ||
	    (r = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	db_stmt_release(s);
	if (r == DB_ROW)
		return 0;
	for (i = 0; i < NELEM(cats); i++) {
		schema = cJSON_Parse(cats[i].schema);
		r = catalogue_pricing_schema_check(schema, NULL, NULL) == -1 ||
		    catalogue_labels_check(schema, NULL, NULL) == -1 ? -1 : 0;
		cJSON_Delete(schema);
		if (r == -1) {
			log_error("demo schema of %s is invalid", cats[i].code);
			return -1;
		}
	}
	if (db_begin(db) == -1)
		return -1;
	for (i = 0; i < NELEM(cats); i++) {
		if (add_category(db, &cats[i], &cat) == -1)
			goto fail;
		for (n = 0; n < MODELS; n++)
			if (add_product(db, &cats[i], cat, n) == -1)
				goto fail;
	}
	for (i = 0; i < NELEM(promos); i++)
		if (add_promo(db, &promos[i]) == -1)
			goto fail;
	if (db_commit(db) == -1)
		goto fail;
	log_info("demo catalogue loaded: %zu categories, %zu products, "
	    "%zu promotions", NELEM(cats), NELEM(cats) * MODELS,
	    NELEM(promos));
	return 0;
fail:
	db_rollback(db);
	return -1;
}
