/*
 * complaints_seed.c: a year of the demo's complaints (issue #25), so the
 * complaint resolution figure moves month by month and region by region
 * and the queues hold something to act on.  Every dealer but the tests'
 * (db_demo.c's quiet ones and their regions R01, R02, whose queues the
 * tests read) files up to three a month: more for bigger tiers, after
 * the 618 and Double 11 deliveries and for the dealers in trouble.  Each
 * is resolved within its severity's target as often as its region's
 * service is good (62..97 %, less in the promotions' months), late
 * otherwise; the last days' are still being worked on, and a third of
 * a dealer in trouble's since spring are open past their target; one
 * open past its target is escalated to HQ already (so the sweep has
 * nothing to add).  Numbers
 * CP-YYYY-Hnnnnnn never meet the sequence's.  Inserted open and then
 * resolved, so migration 0018's triggers count them in kpi_month.
 * Runs once, set-based, drawn from @demo_seed.
 */
#include "../core/log.h"
#include "../db/db.h"
#include "../db/db_demo.h"
#include "complaints.h"

#define TODAY	"DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR)"
#define MONTH_DAY "(" TODAY " - INTERVAL (k.seq * 30 + 15) DAY)"
/* China's midnight (UTC): what is past by then is past, whenever today */
#define CUTOFF	"(TIMESTAMP(" TODAY ") - INTERVAL 8 HOUR)"
#define H(t)	DEMO_HASH("'" t "', d.id, k.seq, j.seq")

static const char *const steps[] = {
	"CREATE TEMPORARY TABLE demo_complaints (n INT NOT NULL PRIMARY KEY, "
	"dealer_id BIGINT UNSIGNED NOT NULL, region_id BIGINT UNSIGNED NOT "
	"NULL, filed_by BIGINT UNSIGNED NOT NULL, severity TINYINT NOT NULL, "
	"kind TINYINT NOT NULL, filed_at DATETIME(6) NOT NULL, hours INT NOT "
	"NULL, open TINYINT NOT NULL, resolved_at DATETIME(6) NULL)",
	"INSERT INTO demo_complaints SELECT ROW_NUMBER() OVER (ORDER BY "
	"x.filed_at, x.dealer_id, x.j), x.dealer_id, x.region_id, x.buyer, "
	"x.severity, x.kind, x.filed_at, x.hours, x.open, IF(x.open OR "
	"x.cand >= " CUTOFF ", NULL, x.cand) FROM (SELECT y.*, y.filed_at + "
	"INTERVAL y.hours * IF(y.on_time, 20 + y.h % 75, 110 + y.h % 150) "
	"DIV 100 HOUR AS cand FROM (SELECT d.id AS dealer_id, d.region_id, d.buyer, "
	"j.seq AS j, 1 + (" H("sev") " % 10 >= 1) + (" H("sev") " % 10 >= "
	"4) AS severity, 1 + " H("kind") " % 5 AS kind, TIMESTAMP(" TODAY
	" - INTERVAL (k.seq * 30 + " H("day") " % 30) DAY) + INTERVAL " H("hr")
	" % 10 HOUR AS filed_at, ct.resolution_hours AS hours, " H("res")
	" AS h, " H("res") " % 100 < d.quality - IF(MONTH(" MONTH_DAY ") IN "
	"(6, 7, 11, 12), 12, 0) - IF(d.trouble, 45, 0) AS on_time, d.trouble "
	"AND k.seq BETWEEN 0 AND 8 AND " H("open") " % 3 = 0 AS open FROM "
	"demo_dealers d JOIN seq_0_to_11 k JOIN seq_1_to_3 j JOIN "
	"complaint_targets ct ON ct.severity = ELT(1 + (" H("sev") " % 10 >= "
	"1) + (" H("sev") " % 10 >= 4), 'critical', 'high', 'normal') WHERE "
	"d.calm = 0 AND j.seq * 100 <= " H("count") " % 100 + CASE d.tier "
	"WHEN 'A' THEN 120 WHEN 'B' THEN 90 WHEN 'C' THEN 70 ELSE 50 END + "
	"IF(MONTH(" MONTH_DAY ") IN (6, 7, 11, 12), 60, 0) + IF(d.trouble, "
	"80, 0)) y) x",
	/* open past their target ones: escalated to the region, then HQ */
	"INSERT INTO complaints (number, dealer_id, region_id, category, "
	"severity, subject, description, status, escalation_level, filed_by, "
	"filed_at, first_response_due, resolution_due, first_responded_at, "
	"idem_key, request_hash) SELECT CONCAT('CP-', DATE_FORMAT(c.filed_at "
	"+ INTERVAL 8 HOUR, '%Y'), '-H', LPAD(c.n, 6, '0')), c.dealer_id, "
	"c.region_id, ELT(c.kind, 'product_quality', 'delivery', "
	"'installation_service', 'billing', 'other'), ELT(c.severity, "
	"'critical', 'high', 'normal'), ELT(c.kind, '冰箱门关不上，有漏水', "
	"'送货延迟三天仍未送达', '安装师傅未按时上门', '发票金额与订单不一致', "
	"'包装破损，外观有划痕'), ELT(c.kind, "
	"'冰箱门关不上，底部有漏水，请尽快派人检查。', "
	"'订单延迟三天仍未送达，客户很着急。', "
	"'安装人员没有按约定时间上门，需要重新预约。', "
	"'发票上的金额与订单不一致，请核对。', "
	"'到货包装破损，机身侧面有划痕，要求换货。'), 'in_progress', "
	"IF(c.resolved_at IS NULL AND c.filed_at + INTERVAL c.hours HOUR < "
	CUTOFF ", 2, 0), c.filed_by, c.filed_at, c.filed_at + INTERVAL 24 HOUR, "
	"c.filed_at + INTERVAL c.hours HOUR, c.filed_at + INTERVAL 3 HOUR, "
	"CONCAT('demo-', c.n), REPEAT('0', 64) FROM demo_complaints c ORDER "
	"BY c.n",
	"INSERT INTO complaint_escalations (complaint_id, level, clock, at) "
	"SELECT x.id, l.seq, 'resolution', x.resolution_due + INTERVAL "
	"l.seq - 1 HOUR FROM complaints x JOIN seq_1_to_2 l WHERE "
	"x.escalation_level = 2 AND x.idem_key LIKE 'demo-%'",
	"UPDATE complaints x JOIN demo_complaints c ON x.dealer_id = "
	"c.dealer_id AND x.idem_key = CONCAT('demo-', c.n) SET x.status = 'resolved', x.resolved_at = "
	"c.resolved_at, x.version = x.version + 1 WHERE c.resolved_at IS NOT "
	"NULL",
	"INSERT INTO complaint_messages (complaint_id, author_user_id, at, "
	"kind, body) SELECT x.id, NULL, x.first_responded_at, 'message', "
	"'已收到，售后人员将尽快联系您。' FROM complaints x WHERE x.idem_key "
	"LIKE 'demo-%' ORDER BY x.id",
	"DROP TEMPORARY TABLE demo_complaints",
	/* `reindex` (after the seeds) indexes them for the search */
	"UPDATE search_backfill SET upto = (SELECT COALESCE(MAX(id), 0) FROM "
	"complaints) WHERE kind = 'complaints'",
};

/* Once: not when any of them is there. */
int
complaints_seed_demo(struct db *db)
{
	if (db_seed_once(db, "SELECT 1 FROM complaints WHERE idem_key LIKE "
	    "'demo-%' LIMIT 1", steps, sizeof(steps) / sizeof(steps[0])) ==
	    -1) {
		log_error("cannot load the demo's year of complaints");
		return -1;
	}
	log_info("demo year: complaints loaded");
	return 0;
}
