/*
 * orders_seed_year.c: a year of the demo's orders behind the few the tests
 * drive (issue #25): every dealer but D0001, D0002 and D0101 (db_demo.c's
 * "quiet" ones) ordered every four weeks or so, 36 to 385 days ago, so
 * its 12-month value (the tier score's and the customer pyramid's: orders
 * shipped, delivered or closed) follows its tier: an A dealer places
 * about four orders a round of 12 to 24 units a line, a D dealer about
 * one of 1 to 3, so the top fifth brings most of the value.  Rounds follow the
 * season (db_demo.c's months); each order runs submitted -> approved ->
 * scheduled -> in production -> shipped (day 6, a waybill) -> delivered
 * (day 9) -> closed when paid: 20 to 34 days after shipping, 65 to 114
 * for the late payers, whose recent invoices are still open.  The
 * ledger's invoices and payments follow from the shipped and closed
 * events (approvals_seed.c, which runs next); their models' invoice
 * prices become the dealers' costs.  Numbers SO-YYYY-Hnnnnnnnn never
 * meet the sequence's.  Runs once, set-based, drawn from @demo_seed.
 */
#include "../core/log.h"
#include "../db/db.h"
#include "../db/db_demo.h"
#include "orders.h"

/* China's today, and a round's day: k four-week rounds back, at 36+ days */
#define TODAY	"DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR)"
#define ROUND_DAY "(" TODAY " - INTERVAL (36 + k.seq * 27 + 13) DAY)"
#define SEASON(d) "ELT(MONTH(" d "), 125, 70, 90, 95, 108, 165, 100, 95, " \
	"105, 118, 175, 122)"

static const char *const steps[] = {
	"SET @demo_first = (SELECT COALESCE(MAX(id), 0) FROM orders)",
	/* the order_docs triggers wait: their rows are built at the end */
	"SET @dealernet_bulk = 1",
	"CREATE TEMPORARY TABLE demo_orders (id BIGINT UNSIGNED NOT NULL "
	"PRIMARY KEY, dealer_id BIGINT UNSIGNED NOT NULL, at DATETIME(6) NOT "
	"NULL, nl TINYINT NOT NULL, paid_at DATETIME(6) NOT NULL)",
	"INSERT INTO demo_orders SELECT @demo_first + ROW_NUMBER() OVER "
	"(ORDER BY x.at, x.dealer_id, x.j), x.dealer_id, x.at, x.nl, x.at "
	"+ INTERVAL 6 DAY + INTERVAL IF(x.late, 65 + x.h % 50, 20 + x.h % 15) "
	"DAY FROM (SELECT d.id AS dealer_id, j.seq AS j, d.late, "
	DEMO_HASH("'pay', d.id, k.seq, j.seq") " AS h, 1 + "
	DEMO_HASH("'lines', d.id, k.seq, j.seq") " % 3 AS nl, "
	"TIMESTAMP(" TODAY " - INTERVAL (36 + k.seq * 27 + "
	DEMO_HASH("'day', d.id, k.seq, j.seq") " % 27) DAY) + INTERVAL (1 + "
	DEMO_HASH("'hour', d.id, k.seq, j.seq") " % 9) HOUR AS at FROM "
	"demo_dealers d JOIN seq_0_to_12 k JOIN seq_1_to_9 j WHERE d.quiet = "
	"0 AND j.seq * 100 <= CASE d.tier WHEN 'A' THEN 4 WHEN 'B' THEN 2 "
	"WHEN 'C' THEN 1 ELSE 1 END * " SEASON(ROUND_DAY) " + "
	DEMO_HASH("'orders', d.id, k.seq") " % 100) x",
	"CREATE TEMPORARY TABLE demo_lines (order_id BIGINT UNSIGNED NOT "
	"NULL, line_no SMALLINT UNSIGNED NOT NULL, product_id BIGINT UNSIGNED "
	"NOT NULL, code VARCHAR(32) CHARACTER SET ascii NOT NULL, quantity "
	"INT NOT NULL, price BIGINT NOT NULL, PRIMARY KEY (order_id, "
	"line_no))",
	/* a line of each of the dealer's three models (sellthrough_seed.c's) */
	"INSERT INTO demo_lines SELECT o.id, j.seq, p.id, p.code, CASE d.tier "
	"WHEN 'A' THEN 12 + " DEMO_HASH("'qty', o.id, j.seq") " % 13 WHEN "
	"'B' THEN 6 + " DEMO_HASH("'qty', o.id, j.seq") " % 8 WHEN 'C' THEN "
	"3 + " DEMO_HASH("'qty', o.id, j.seq") " % 5 ELSE 1 + "
	DEMO_HASH("'qty', o.id, j.seq") " % 3 END, p.base_price FROM "
	"demo_orders o JOIN demo_dealers d ON d.id = o.dealer_id JOIN "
	"seq_1_to_3 j ON j.seq <= o.nl JOIN (SELECT id, code, base_price, "
	"ROW_NUMBER() OVER (ORDER BY id) AS rn, COUNT(*) OVER () AS n FROM "
	"products WHERE active = 1) p ON p.rn = (d.id + (1 + (o.id + j.seq) "
	"% 3) * 7) % p.n + 1",
	"INSERT INTO orders (id, number, dealer_id, region_id, chain_id, "
	"status, version, total, invoiced, requested_date, promised_date, "
	"ship_to, note, created_by, created_at) SELECT o.id, CONCAT('SO-', "
	"DATE_FORMAT(o.at, '%Y'), '-H', LPAD(o.id, 8, '0')), d.id, "
	"d.region_id, d.chain_id, IF(o.paid_at < TIMESTAMP(" TODAY ") - "
	"INTERVAL 8 HOUR, 'closed', 'delivered'), IF(o.paid_at < TIMESTAMP("
	TODAY ") - INTERVAL 8 HOUR, 7, 6), t.total, t.total, DATE(o.at) + "
	"INTERVAL 30 DAY, DATE(o.at) + INTERVAL 20 DAY, CONCAT(d.city, "
	"' · 仓库'), '', d.buyer, o.at FROM demo_orders o JOIN demo_dealers d "
	"ON d.id = o.dealer_id JOIN (SELECT order_id, SUM(quantity * price) "
	"AS total FROM demo_lines GROUP BY order_id) t ON t.order_id = o.id "
	"ORDER BY o.id",
	"INSERT INTO order_lines (order_id, line_no, product_id, "
	"product_code, quantity, shipped, options, unit_price, discount, "
	"line_total) SELECT order_id, line_no, product_id, code, quantity, "
	"quantity, '{}', price, 0, quantity * price FROM demo_lines ORDER BY "
	"order_id, line_no",
	"INSERT INTO order_events (order_id, at, actor_user_id, status, "
	"carrier, waybill) SELECT o.id, IF(k.seq = 6, o.paid_at, o.at + "
	"INTERVAL ELT(k.seq + 1, 0, 1, 2, 3, 6, 9) DAY), IF(k.seq = 0, "
	"d.buyer, @demo_erp), ELT(k.seq + 1, 'submitted', 'approved', "
	"'scheduled', 'in_production', 'shipped', 'delivered', 'closed'), "
	"IF(k.seq = 4, '顺丰速运', NULL), IF(k.seq = 4, CONCAT('SF', "
	"LPAD(o.id, 10, '0')), NULL) FROM demo_orders o JOIN demo_dealers d "
	"ON d.id = o.dealer_id JOIN seq_0_to_6 k ON k.seq <= IF(o.paid_at < "
	"TIMESTAMP(" TODAY ") - INTERVAL 8 HOUR, 6, 5) ORDER BY IF(k.seq = 6, "
	"o.paid_at, o.at + INTERVAL ELT(k.seq + 1, 0, 1, 2, 3, 6, 9) DAY), "
	"o.id, k.seq",
	/* what the order_docs triggers would have written (bench_seed.c's) */
	"INSERT INTO order_docs (order_id, lines_json, prices_json) SELECT "
	"l.order_id, JSON_ARRAYAGG(JSON_OBJECT('line', l.line_no, 'product', "
	"l.product_code, 'quantity', l.quantity, 'options', "
	"JSON_EXTRACT(l.options, '$'), 'unit_price', l.unit_price, "
	"'discount', l.discount, 'line_total', l.line_total, 'shipped', "
	"l.shipped, 'returned', l.returned) ORDER BY l.line_no), "
	"JSON_ARRAYAGG(JSON_OBJECT('price_source', 'list', 'contract_id', "
	"NULL) ORDER BY l.line_no) FROM order_lines l WHERE l.order_id > "
	"@demo_first GROUP BY l.order_id",
	ORDERS_TIMELINE_DOCS_SQL("@demo_first"),
	"SET @dealernet_bulk = NULL",
	"DROP TEMPORARY TABLE demo_lines",
	"DROP TEMPORARY TABLE demo_orders",
};

/* Once: not when any of them is there; the dealers' costs after. */
int
orders_seed_year(struct db *db)
{
	if (db_seed_once(db, "SELECT 1 FROM orders WHERE number LIKE "
	    "'SO-____-H%' LIMIT 1", steps, sizeof(steps) / sizeof(steps[0]))
	    == -1 || db_execv(db, ORDERS_COSTS_SQL, NULL, "i", (int64_t)0)
	    == -1) {
		log_error("cannot load the demo's year of orders");
		return -1;
	}
	log_info("demo year: orders loaded");
	return 0;
}
