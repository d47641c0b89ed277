/*
 * bench_seed.c: the benchmark's data set, `dealernetd seed bench --orders N`
 *
 * On top of the demo set: 5,000 dealers across the 42 regions, the five
 * kinds and the four tiers; 600 account managers with their dealers; 200
 * products; buyers and approvers to sign in as; and N orders of 1 to 5
 * lines with their timelines, spread over the last year.  Everything is
 * set-based SQL on the server (INSERT ... SELECT over MariaDB's sequence
 * tables, bound parameters for every value), so nothing crosses the wire
 * row by row: a million orders take a few minutes on two cores.  Bench
 * orders carry no feed events: the feed is not what is measured.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/auth.h"
#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../orders/orders.h"
#include "../search/search_index.h"
#include "../sellthrough/sellthrough.h"
#include "bench.h"

#define DEALERS		5000
#define MANAGERS	600
#define PRODUCTS	200
#define BUYERS		1000	/* dealers with a bench.bNNNNN buyer */

/* Each step: what it does, its SQL, and how its parameters are bound. */
enum bind { B_NONE, B_N, B_HASH, B_FIRST_ORDER, B_N_FIRST_FOCUS };

static const struct step {
	const char	*what;
	const char	*sql;
	enum bind	 bind;
	int		 rows;		/* answers rows to read off */
	int		 once;		/* people and products: the first time */
} steps[] = {
	/* @dealernet_bulk: the order_docs triggers wait for "order docs" */
	{ "session", "SET SESSION unique_checks = 0, foreign_key_checks = 0, "
	  "@dealernet_bulk = 1", B_NONE, 0, 0 },
	/* the durable single-row write of the benchmark's ceiling (d) */
	{ "bench_writes", "CREATE TABLE IF NOT EXISTS bench_writes (id BIGINT "
	  "UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, at DATETIME(6) NOT "
	  "NULL DEFAULT CURRENT_TIMESTAMP(6), note VARCHAR(16) NOT NULL) "
	  "ENGINE=InnoDB", B_NONE, 0, 0 },
	{ "dealers",
	  "INSERT INTO orgs (kind, code, name_zh, name_en, region_id, "
	  "dealer_kind, city, tier) SELECT 'dealer', CONCAT('B', LPAD(s.seq, 5, "
	  "'0')), CONCAT('测试经销商 ', s.seq), CONCAT('Bench dealer ', s.seq), "
	  "r.id, ELT(1 + s.seq % 5, 'multinational_chain', 'domestic_chain', "
	  "'department_store', 'exclusive_store', 'specialty_store'), r.city, "
	  "ELT(1 + (s.seq DIV 5) % 4, 'A', 'B', 'C', 'D') FROM seq_1_to_5000 s "
	  "JOIN (SELECT id, city, ROW_NUMBER() OVER (ORDER BY id) - 1 AS rn "
	  "FROM orgs WHERE kind = 'region') r ON r.rn = s.seq % 42 "
	  "WHERE s.seq <= 5000 - (SELECT COUNT(*) FROM orgs WHERE kind = "
	  "'dealer')", B_NONE, 0, 1 },
	/*
	 * 100 chains of 20 branches: the bench dealers of the two chain
	 * kinds, in order of id (issue #23: the index check reads as one)
	 */
	{ "chains",
	  "INSERT INTO orgs (kind, code, name_zh, name_en, city) SELECT "
	  "'chain', CONCAT('BC', LPAD(s.seq, 3, '0')), CONCAT('测试连锁 ', "
	  "s.seq), CONCAT('Bench chain ', s.seq), '' FROM seq_1_to_100 s",
	  B_NONE, 0, 1 },
	{ "chain branches",
	  "UPDATE orgs d JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 "
	  "AS rn FROM orgs WHERE kind = 'dealer' AND code LIKE 'B%' AND "
	  "dealer_kind IN ('multinational_chain', 'domestic_chain')) x ON "
	  "x.id = d.id JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 "
	  "AS rn FROM orgs WHERE kind = 'chain' AND code LIKE 'BC%') c ON "
	  "c.rn = x.rn DIV 20 SET d.chain_id = c.id", B_NONE, 0, 1 },
	/* the trigger held its rows (0053): one change for every dealer */
	{ "chain changes", "INSERT INTO cache_changes (kind, ref_id) "
	  "VALUES ('tier', 0)", B_NONE, 0, 1 },
	{ "products",
	  "INSERT INTO products (code, category_id, name_zh, name_en, "
	  "base_price, option_schema) SELECT CONCAT(p.code, '-B', s.seq), "
	  "p.category_id, CONCAT(p.name_zh, ' B', s.seq), CONCAT(p.name_en, "
	  "' B', s.seq), p.base_price + s.seq * 1000, p.option_schema FROM "
	  "products p JOIN seq_1_to_4 s WHERE p.code NOT LIKE '%-B%' AND "
	  "(SELECT COUNT(*) FROM products) < 200 ORDER BY s.seq, p.id "
	  "LIMIT 155", B_NONE, 0, 1 },
	{ "managers",
	  "INSERT INTO users (login, display_name, org_id, password_hash, "
	  "roles) SELECT CONCAT('bench.m', LPAD(s.seq, 4, '0')), CONCAT("
	  "'Bench manager ', s.seq), r.id, ?, 'account_manager' FROM "
	  "seq_1_to_600 s JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 "
	  "AS rn FROM orgs WHERE kind = 'region') r ON r.rn = s.seq % 42",
	  B_HASH, 0, 1 },
	{ "assignments",
	  "INSERT INTO manager_dealers (manager_id, dealer_id) SELECT m.id, "
	  "d.id FROM users m JOIN (SELECT id, region_id, ROW_NUMBER() OVER "
	  "(PARTITION BY region_id ORDER BY id) AS rn FROM orgs WHERE kind = "
	  "'dealer') d ON d.region_id = m.org_id AND d.rn % 15 = m.id % 15 "
	  "WHERE m.login LIKE 'bench.m%'", B_NONE, 0, 1 },
	{ "buyers",
	  "INSERT INTO users (login, display_name, org_id, password_hash, "
	  "roles) SELECT CONCAT('bench.b', LPAD(d.rn, 5, '0')), CONCAT("
	  "'Bench buyer ', d.rn), d.id, ?, 'dealer_buyer' FROM (SELECT id, "
	  "ROW_NUMBER() OVER (ORDER BY id) AS rn FROM orgs WHERE kind = "
	  "'dealer') d WHERE d.rn <= 1000", B_HASH, 0, 1 },
	{ "approvers",
	  "INSERT INTO users (login, display_name, org_id, password_hash, "
	  "roles) SELECT CONCAT('bench.a', LPAD(r.rn, 2, '0')), CONCAT("
	  "'Bench approver ', r.rn), r.id, ?, 'region_approver' FROM (SELECT "
	  "id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM orgs WHERE kind = "
	  "'region') r", B_HASH, 0, 1 },
	{ "chain buyers",
	  "INSERT INTO users (login, display_name, org_id, password_hash, "
	  "roles) SELECT CONCAT('bench.c', SUBSTRING(c.code, 3)), CONCAT("
	  "'Bench chain buyer ', c.code), c.id, ?, 'chain_buyer' FROM orgs c "
	  "WHERE c.kind = 'chain' AND c.code LIKE 'BC%'", B_HASH, 0, 1 },
	/*
	 * Orders get explicit ids after the highest, so every later step
	 * computes from the id alone: dealer, lines, statuses and dates.
	 * One in ten is still submitted, but only in the last 36 hours (an
	 * older one is closed): a real backlog is worked off daily, and the
	 * approval queues and their counts read the backlog.
	 * Their numbers (SO-YYYY-Bnnnnnnnn) never meet the sequence's.
	 * The lines' prices are the products' base prices; the total is
	 * their sum, so the CHECKs and the pages agree.
	 * With focus F > 0, T orders in ten go to the first F dealers
	 * (the buyers bench.b00001.. that the benchmark signs in as), so
	 * that even a small set gives each of them full list pages.
	 */
	{ "orders",
	  "INSERT INTO orders (id, number, dealer_id, region_id, chain_id, "
	  "status, version, total, invoiced, "
	  "requested_date, promised_date, ship_to, note, created_by, "
	  "created_at, po_number) SELECT o.id, CONCAT('SO-', DATE_FORMAT(o.at, '%Y'), "
	  "'-B', LPAD(o.id, 8, '0')), d.id, d.region_id, d.chain_id, "
	  "ELT(1 + o.st, "
	  "'submitted', 'approved', 'scheduled', 'in_production', 'shipped', "
	  "'delivered', 'delivered', 'closed', 'closed', 'cancelled'), "
	  "1 + o.st, "
	  "(SELECT SUM(p.base_price * (1 + (o.id + j.seq) % 20)) FROM "
	  "seq_1_to_5 j JOIN bench_products p ON p.rn = (o.id * 31 + j.seq * "
	  "17) % 200 WHERE j.seq <= 1 + o.id % 5), IF(o.st BETWEEN 4 AND 8, "
	  "(SELECT SUM(p.base_price * (1 + (o.id + j.seq) % 20)) FROM "
	  "seq_1_to_5 j JOIN bench_products p ON p.rn = (o.id * 31 + j.seq * "
	  "17) % 200 WHERE j.seq <= 1 + o.id % 5), 0), DATE(o.at) + INTERVAL 30 "
	  "DAY, IF(o.st BETWEEN 1 AND 8, DATE(o.at) + INTERVAL 20 DAY, "
	  "NULL), CONCAT('Bench street ', o.id % 997), '', d.buyer, o.at, "
	  "IF(o.id % 3 = 0, CONCAT('PO-', LPAD(o.id, 9, '0')), NULL) "
	  "FROM (SELECT x.id, x.at, IF(CRC32(x.id) % 10 = 0 AND x.at < "
	  "CURRENT_TIMESTAMP(6) - INTERVAL 36 HOUR, 7, CRC32(x.id) % 10) AS st "
	  "FROM (SELECT ? + "
	  "s.seq AS id, CURRENT_TIMESTAMP(6) - INTERVAL (? - s.seq) * 31 "
	  "SECOND AS at FROM seq_1_to_10000000 s WHERE s.seq <= ?) x) o "
	  "JOIN bench_dealers d ON d.rn = IF(? > 0 AND o.id % 10 < ?, "
	  "o.id DIV 10 % ?, (o.id * 7919) % 5000)",
	  B_N_FIRST_FOCUS, 0, 0 },
	{ "order lines",
	  "INSERT INTO order_lines (order_id, line_no, product_id, "
	  "product_code, quantity, shipped, options, unit_price, discount, "
	  "line_total) SELECT o.id, j.seq, p.id, p.code, 1 + (o.id + j.seq) % "
	  "20, IF(o.status IN ('shipped', 'delivered', 'closed'), 1 + (o.id + "
	  "j.seq) % 20, 0), '{}', "
	  "p.base_price, 0, p.base_price * (1 + (o.id + j.seq) % 20) FROM "
	  "orders o JOIN seq_1_to_5 j ON j.seq <= 1 + o.id % 5 JOIN "
	  "bench_products p ON p.rn = (o.id * 31 + j.seq * 17) % 200 WHERE "
	  "o.id > ?", B_FIRST_ORDER, 0, 0 },
	{ "timelines",
	  "INSERT INTO order_events (order_id, at, actor_user_id, status, "
	  "carrier, waybill) "
	  "SELECT o.id, o.created_at + INTERVAL k.seq DAY, o.created_by, "
	  "IF(o.status = 'cancelled' AND k.seq = 1, 'cancelled', ELT(1 + "
	  "k.seq, 'submitted', 'approved', 'scheduled', 'in_production', "
	  "'shipped', 'delivered', 'closed')), IF(k.seq = 4 AND o.status <> "
	  "'cancelled', '顺丰速运', NULL), IF(k.seq = 4 AND o.status <> "
	  "'cancelled', CONCAT('SF', LPAD(o.id, 10, '0')), NULL) "
	  "FROM orders o JOIN seq_0_to_6 k "
	  "ON k.seq <= IF(o.status = 'cancelled', 1, FIELD(o.status, "
	  "'submitted', 'approved', 'scheduled', 'in_production', 'shipped', "
	  "'delivered', 'closed') - 1) WHERE o.id > ?", B_FIRST_ORDER, 0, 0 },
	/* what the order_docs triggers would have written, in one pass each */
	{ "order docs: lines",
	  "INSERT INTO order_docs (order_id, lines_json) SELECT l.order_id, "
	  "JSON_ARRAYAGG(JSON_OBJECT('line', l.line_no, 'product', "
	  "l.product_code, 'quantity', "
	  "l.quantity, 'options', JSON_EXTRACT(l.options, '$'), 'unit_price', "
	  "l.unit_price, 'discount', l.discount, 'line_total', l.line_total, "
	  "'shipped', l.shipped) "
	  "ORDER BY "
	  "l.line_no) FROM order_lines l WHERE l.order_id > ? GROUP BY "
	  "l.order_id", B_FIRST_ORDER, 0, 0 },
	{ "order docs: prices",
	  "INSERT INTO order_docs (order_id, prices_json) SELECT l.order_id, "
	  "JSON_ARRAYAGG(JSON_OBJECT('price_source', IF(l.promotion_id IS "
	  "NULL, 'list', 'promotion'), 'contract_id', NULL) ORDER BY "
	  "l.line_no) FROM order_lines l WHERE l.order_id > ? GROUP BY "
	  "l.order_id ON DUPLICATE KEY UPDATE prices_json = "
	  "VALUES(prices_json)", B_FIRST_ORDER, 0, 0 },
	{ "order docs: timelines",
	  ORDERS_TIMELINE_DOCS_SQL("?"),
	  B_FIRST_ORDER, 0, 0 },
	/*
	 * Complaints (issue #24's search): one order in twenty has one, its
	 * subject, description and a reply from lists of Chinese and
	 * English texts; indexed after the steps (search_reindex()).
	 */
	{ "complaints",
	  "INSERT INTO complaints (number, dealer_id, region_id, order_id, "
	  "category, severity, subject, description, status, filed_by, "
	  "filed_at, first_response_due, resolution_due, first_responded_at, "
	  "resolved_at, idem_key, request_hash) SELECT CONCAT('CP-', "
	  "DATE_FORMAT(o.created_at, '%Y'), '-B', LPAD(o.id, 8, '0')), "
	  "o.dealer_id, o.region_id, o.id, ELT(1 + o.id % 5, "
	  "'product_quality', 'delivery', 'installation_service', 'billing', "
	  "'other'), ELT(1 + o.id % 3, 'critical', 'high', 'normal'), "
	  "ELT(1 + o.id % 8, '冰箱门关不上', '空调不制冷', '洗衣机漏水', "
	  "'送货延迟', '安装师傅未按时上门', '发票金额有误', "
	  "'Fridge door will not close', 'Wrong colour delivered'), "
	  "ELT(1 + (o.id DIV 8) % 8, '冰箱门关不上，有漏水，请尽快派人检查。', "
	  "'空调外机噪音很大，制冷效果差。', '洗衣机底部漏水，地板已经湿了。', "
	  "'订单延迟三天仍未送达，客户很着急。', "
	  "'安装人员没有按约定时间上门，需要重新预约。', "
	  "'发票上的金额与订单不一致，请核对。', "
	  "'The fridge door does not close and water leaks onto the floor.', "
	  "'We ordered white units but received silver ones; please "
	  "exchange.'), IF(o.created_at < UTC_TIMESTAMP(6) - INTERVAL 30 DAY, "
	  "'resolved', 'in_progress'), o.created_by, o.created_at + INTERVAL "
	  "2 DAY, o.created_at + INTERVAL 3 DAY, o.created_at + INTERVAL 9 "
	  "DAY, o.created_at + INTERVAL 50 HOUR, IF(o.created_at < "
	  "UTC_TIMESTAMP(6) - INTERVAL 30 DAY, o.created_at + INTERVAL 4 DAY, "
	  "NULL), CONCAT('bench-', o.id), REPEAT('0', 64) FROM orders o WHERE "
	  "o.id > ? AND o.id % 20 = 7", B_FIRST_ORDER, 0, 0 },
	{ "complaint replies",
	  "INSERT INTO complaint_messages (complaint_id, author_user_id, at, "
	  "kind, body) SELECT c.id, NULL, c.filed_at + INTERVAL 2 HOUR, "
	  "'message', ELT(1 + c.order_id % 8, '已安排售后师傅明天上门检查冰箱门。', "
	  "'请提供机身条码，我们会尽快更换压缩机。', "
	  "'漏水问题已登记，维修人员将联系您。', '物流公司已确认，货物明天送达。', "
	  "'已重新预约安装时间，请保持电话畅通。', "
	  "'财务已核对发票，将开具红字发票。', "
	  "'A technician will visit tomorrow to fix the door seal.', "
	  "'Replacement units in white are on the way.') FROM complaints c "
	  "WHERE c.order_id > ? AND c.idem_key LIKE 'bench-%'", B_FIRST_ORDER,
	  0, 0 },
	/* the search's backfill indexes up to the last of them */
	{ "complaints to index",
	  "UPDATE search_backfill SET upto = (SELECT COALESCE(MAX(id), 0) "
	  "FROM complaints) WHERE kind = 'complaints'", B_NONE, 0, 0 },
	{ "dealer costs", ORDERS_COSTS_SQL, B_FIRST_ORDER, 0, 0 },
	{ "statistics", "ANALYZE TABLE orgs, users, manager_dealers, products, "
	  "orders, order_lines, order_events", B_NONE, 1, 0 },
};

/* The helpers the steps join: dealers and products numbered from 0. */
static const char *const helpers[] = {
	"CREATE TEMPORARY TABLE bench_dealers (rn INT NOT NULL PRIMARY KEY, "
	"id BIGINT UNSIGNED NOT NULL, region_id BIGINT UNSIGNED NOT NULL, "
	"chain_id BIGINT UNSIGNED NULL, buyer BIGINT UNSIGNED NOT NULL)",
	"INSERT INTO bench_dealers SELECT ROW_NUMBER() OVER (ORDER BY d.id) - "
	"1, d.id, d.region_id, d.chain_id, COALESCE((SELECT MIN(u.id) FROM users u WHERE u.org_id = "
	"d.id), (SELECT MIN(id) FROM users)) FROM orgs d WHERE d.kind = "
	"'dealer' ORDER BY d.id LIMIT 5000",
	"CREATE TEMPORARY TABLE bench_products (rn INT NOT NULL PRIMARY KEY, "
	"id BIGINT UNSIGNED NOT NULL, code VARCHAR(32) CHARACTER SET ascii "
	"NOT NULL, base_price BIGINT NOT NULL)",
	"INSERT INTO bench_products SELECT ROW_NUMBER() OVER (ORDER BY id) - "
	"1, id, code, base_price FROM products ORDER BY id LIMIT 200",
	"SELECT COUNT(*) FROM bench_products",
};

static const char sql_first[] = "SELECT COALESCE(MAX(id), 0) FROM orders";

static const struct step analyze = { "sell-through statistics",
	"ANALYZE TABLE sellthrough, sellthrough_category, kpi_month", B_NONE,
	1, 0 };

static const struct step analyze_search = { "search statistics",
	"ANALYZE TABLE complaints, complaint_messages, search_terms, "
	"order_events", B_NONE, 1, 0 };

static int
run_step(struct db *db, const struct step *st, int64_t n, int64_t first,
    const struct bench_focus *focus, const char *hash)
{
	struct db_stmt	*s;
	double		 t0 = util_now_mono();
	int		 ok;

	if ((s = db_prepare(db, st->sql)) == NULL)
		return -1;
	switch (st->bind) {
	case B_NONE:
		ok = 1;
		break;
	case B_N:
		ok = db_bind_int(s, 0, n) == 0;
		break;
	case B_HASH:
		ok = db_bind_text(s, 0, hash) == 0;
		break;
	case B_FIRST_ORDER:
		ok = db_bind_int(s, 0, first) == 0;
		break;
	case B_N_FIRST_FOCUS:
		ok = db_bind_int(s, 0, first) == 0 &&
		    db_bind_int(s, 1, n) == 0 && db_bind_int(s, 2, n) == 0 &&
		    db_bind_int(s, 3, focus->dealers) == 0 &&
		    db_bind_int(s, 4, focus->tenths) == 0 &&
		    db_bind_int(s, 5, focus->dealers > 0 ? focus->dealers : 1) ==
		    0;
		break;
	default:
		ok = 0;
	}
	if (ok && st->rows) {
		while ((ok = db_step(s)) == DB_ROW)
			;
		ok = ok == DB_DONE;
	} else
		ok = ok && db_exec(s) == 0;
	log_info("bench seed: %s: %llu rows, %.1f s", st->what,
	    ok ? (unsigned long long)db_affected(s) : 0ULL,
	    util_now_mono() - t0);
	db_stmt_release(s);
	return ok ? 0 : -1;
}

static int64_t
one_int(struct db *db, const char *sql)
{
	struct db_stmt	*s;
	int64_t		 v = -1;

	if ((s = db_prepare(db, sql)) != NULL && db_step(s) == DB_ROW)
		v = db_col_int(s, 0);
	db_stmt_release(s);
	return v;
}

/*
 * Fill the database with n more orders (and, once, the dealers, users
 * and products around them), focus->tenths in ten of them to the first
 * focus->dealers dealers if that is not 0; the sign-in password of every bench user is
 * password.  0 or -1.
 */
int
bench_seed(struct db *db, int64_t n, const struct bench_focus *focus,
    const char *password, int sellthrough)
{
	static const struct bench_focus	 none = { 0, 0 };

	char		 hash[256];
	int64_t		 first = 0, users;
	long		 indexed = 0;
	size_t		 i, k;

	if (n < !sellthrough || n > 10000000) {
		log_error("bench seed: --orders must be 1 to 10000000 (0 with "
		    "--sellthrough: that alone)");
		return -1;
	}
	if (focus->dealers < 0 || focus->dealers > BUYERS ||
	    focus->tenths < 0 || focus->tenths > 10) {
		log_error("bench seed: --focus must be 0 to %d, "
		    "--focus-tenths 0 to 10", BUYERS);
		return -1;
	}
	if (password_hash(password, hash, sizeof(hash)) == -1)
		return -1;
	users = one_int(db, "SELECT COUNT(*) FROM users WHERE login LIKE "
	    "'bench.%'");
	for (i = 0; n > 0 && i < NELEM(steps); i++) {
		/* the people and products come once, the orders each time */
		if (users > 0 && steps[i].once)
			continue;
		if (strcmp(steps[i].what, "orders") == 0) {
			for (k = 0; k + 1 < NELEM(helpers); k++)
				if (db_run(db, helpers[k]) == -1)
					return -1;
			if (one_int(db, helpers[NELEM(helpers) - 1]) != 200) {
				log_error("bench seed: need 200 products");
				return -1;
			}
			if ((first = one_int(db, sql_first)) < 0)
				return -1;
		}
		if (run_step(db, &steps[i], n, first, focus, hash) == -1) {
			log_error("bench seed: %s: %s", steps[i].what,
			    db_errmsg(db));
			return -1;
		}
	}
	/* the new complaints' words, as filing would have indexed them */
	if (n > 0 && (search_reindex(db, 0, &indexed) == -1 ||
	    run_step(db, &analyze_search, n, first, focus, hash) == -1)) {
		log_error("bench seed: search index: %s", db_errmsg(db));
		return -1;
	}
	log_info("bench seed: %ld complaints indexed for search", indexed);
	/* a year of weekly sell-through for the dealers that have none */
	if (sellthrough && (sellthrough_seed_year(db) == -1 ||
	    run_step(db, &analyze, n, first, &none, hash) == -1)) {
		log_error("bench seed: sell-through: %s", db_errmsg(db));
		return -1;
	}
	log_info("bench seed: %lld orders added%s", (long long)n, sellthrough ?
	    ", and a year of sell-through" : "");
	return 0;
}
