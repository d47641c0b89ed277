-- 0018_kpi.sql: the four dealer figures (DESIGN §6) from one summary row
-- per dealer and month, kept by triggers as reports and complaints are
-- written, so a region or HQ reads months, never every report.
--
--   inventory turnover days = SUM(stock_days) / SUM(sold)
--	(average stock / average units sold a day, over the same days:
--	 stock_days sums each report's closing stock times its days)
--   margin = (SUM(revenue) - SUM(cost)) / SUM(revenue)
--	(cost: units sold at the dealer's invoice price of the model)
--   complaint resolution = SUM(complaints_on_time) / SUM(complaints_filed)
--   share = SUM(revenue) / SUM(category_sales)
--
-- A report counts in the month its period starts in (a week across two
-- months counts in the first); a complaint in the month it was filed, in
-- China's time.

CREATE TABLE kpi_month (
	dealer_id		BIGINT UNSIGNED NOT NULL,
	month			CHAR(7) CHARACTER SET ascii NOT NULL,
	region_id		BIGINT UNSIGNED NOT NULL,
	stock_days		BIGINT NOT NULL DEFAULT 0,
	sold			BIGINT NOT NULL DEFAULT 0,
	revenue			BIGINT NOT NULL DEFAULT 0,
	cost			BIGINT NOT NULL DEFAULT 0,
	category_sales		BIGINT NOT NULL DEFAULT 0,
	complaints_filed	INT NOT NULL DEFAULT 0,
	complaints_on_time	INT NOT NULL DEFAULT 0,
	PRIMARY KEY (dealer_id, month),
	KEY kpi_month_region (region_id, month, dealer_id),
	KEY kpi_month_month (month, dealer_id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- The same sums per region and month, kept from kpi_month by its own
-- triggers: HQ's figures, trends and region table read 42 x 12 rows.
-- (kpi_month's rows keep their dealer, region and month for good.)
CREATE TABLE kpi_region_month (
	region_id		BIGINT UNSIGNED NOT NULL,
	month			CHAR(7) CHARACTER SET ascii NOT NULL,
	stock_days		BIGINT NOT NULL DEFAULT 0,
	sold			BIGINT NOT NULL DEFAULT 0,
	revenue			BIGINT NOT NULL DEFAULT 0,
	cost			BIGINT NOT NULL DEFAULT 0,
	category_sales		BIGINT NOT NULL DEFAULT 0,
	complaints_filed	INT NOT NULL DEFAULT 0,
	complaints_on_time	INT NOT NULL DEFAULT 0,
	PRIMARY KEY (region_id, month),
	KEY kpi_region_month_month (month, region_id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

CREATE TRIGGER kpi_region_insert AFTER INSERT ON kpi_month
	FOR EACH ROW INSERT INTO kpi_region_month (region_id, month,
	    stock_days, sold, revenue, cost, category_sales, complaints_filed,
	    complaints_on_time)
	VALUES (NEW.region_id, NEW.month, NEW.stock_days, NEW.sold,
	    NEW.revenue, NEW.cost, NEW.category_sales, NEW.complaints_filed,
	    NEW.complaints_on_time)
	ON DUPLICATE KEY UPDATE stock_days = stock_days + VALUES(stock_days),
	    sold = sold + VALUES(sold), revenue = revenue + VALUES(revenue),
	    cost = cost + VALUES(cost),
	    category_sales = category_sales + VALUES(category_sales),
	    complaints_filed = complaints_filed + VALUES(complaints_filed),
	    complaints_on_time = complaints_on_time +
	    VALUES(complaints_on_time);

CREATE TRIGGER kpi_region_update AFTER UPDATE ON kpi_month
	FOR EACH ROW UPDATE kpi_region_month SET
	    stock_days = stock_days + NEW.stock_days - OLD.stock_days,
	    sold = sold + NEW.sold - OLD.sold,
	    revenue = revenue + NEW.revenue - OLD.revenue,
	    cost = cost + NEW.cost - OLD.cost,
	    category_sales = category_sales + NEW.category_sales -
	    OLD.category_sales,
	    complaints_filed = complaints_filed + NEW.complaints_filed -
	    OLD.complaints_filed,
	    complaints_on_time = complaints_on_time + NEW.complaints_on_time -
	    OLD.complaints_on_time
	WHERE region_id = OLD.region_id AND month = OLD.month;

CREATE TRIGGER kpi_sellthrough_insert AFTER INSERT ON sellthrough
	FOR EACH ROW INSERT INTO kpi_month (dealer_id, month, region_id,
	    stock_days, sold, revenue, cost)
	VALUES (NEW.dealer_id, DATE_FORMAT(NEW.period_start, '%Y-%m'),
	    NEW.region_id, NEW.stock * (DATEDIFF(NEW.period_end,
	    NEW.period_start) + 1), NEW.sold, NEW.revenue,
	    NEW.sold * NEW.unit_cost)
	ON DUPLICATE KEY UPDATE stock_days = stock_days + VALUES(stock_days),
	    sold = sold + VALUES(sold), revenue = revenue + VALUES(revenue),
	    cost = cost + VALUES(cost);

-- A replaced report: its new figures less its old (same dealer, period).
CREATE TRIGGER kpi_sellthrough_update AFTER UPDATE ON sellthrough
	FOR EACH ROW UPDATE kpi_month SET
	    stock_days = stock_days + NEW.stock * (DATEDIFF(NEW.period_end,
	    NEW.period_start) + 1) - OLD.stock * (DATEDIFF(OLD.period_end,
	    OLD.period_start) + 1),
	    sold = sold + NEW.sold - OLD.sold,
	    revenue = revenue + NEW.revenue - OLD.revenue,
	    cost = cost + NEW.sold * NEW.unit_cost - OLD.sold * OLD.unit_cost
	WHERE dealer_id = NEW.dealer_id AND
	    month = DATE_FORMAT(NEW.period_start, '%Y-%m');

CREATE TRIGGER kpi_category_insert AFTER INSERT ON sellthrough_category
	FOR EACH ROW INSERT INTO kpi_month (dealer_id, month, region_id,
	    category_sales)
	VALUES (NEW.dealer_id, DATE_FORMAT(NEW.period_start, '%Y-%m'),
	    NEW.region_id, NEW.category_sales)
	ON DUPLICATE KEY UPDATE category_sales = category_sales +
	    VALUES(category_sales);

CREATE TRIGGER kpi_category_update AFTER UPDATE ON sellthrough_category
	FOR EACH ROW UPDATE kpi_month SET category_sales = category_sales +
	    NEW.category_sales - OLD.category_sales
	WHERE dealer_id = NEW.dealer_id AND
	    month = DATE_FORMAT(NEW.period_start, '%Y-%m');

CREATE TRIGGER kpi_complaint_insert AFTER INSERT ON complaints
	FOR EACH ROW INSERT INTO kpi_month (dealer_id, month, region_id,
	    complaints_filed)
	VALUES (NEW.dealer_id, DATE_FORMAT(NEW.filed_at + INTERVAL 8 HOUR,
	    '%Y-%m'), NEW.region_id, 1)
	ON DUPLICATE KEY UPDATE complaints_filed = complaints_filed + 1;

-- Resolved within its target, or no longer (reopened): the count follows;
-- a complaint whose filing time is moved (by hand) moves month with it.
CREATE TRIGGER kpi_complaint_month AFTER UPDATE ON complaints
	FOR EACH ROW INSERT IGNORE INTO kpi_month (dealer_id, month, region_id)
	VALUES (NEW.dealer_id, DATE_FORMAT(NEW.filed_at + INTERVAL 8 HOUR,
	    '%Y-%m'), NEW.region_id);

CREATE TRIGGER kpi_complaint_update AFTER UPDATE ON complaints
	FOR EACH ROW FOLLOWS kpi_complaint_month UPDATE kpi_month SET
	    complaints_filed = complaints_filed + (month = DATE_FORMAT(
	    NEW.filed_at + INTERVAL 8 HOUR, '%Y-%m')) - (month = DATE_FORMAT(
	    OLD.filed_at + INTERVAL 8 HOUR, '%Y-%m')),
	    complaints_on_time = complaints_on_time + IF(month = DATE_FORMAT(
	    NEW.filed_at + INTERVAL 8 HOUR, '%Y-%m'), NEW.resolved_at IS NOT
	    NULL AND NEW.resolved_at <= NEW.resolution_due, 0) - IF(month =
	    DATE_FORMAT(OLD.filed_at + INTERVAL 8 HOUR, '%Y-%m'),
	    OLD.resolved_at IS NOT NULL AND OLD.resolved_at <=
	    OLD.resolution_due, 0)
	WHERE dealer_id = NEW.dealer_id AND month IN (DATE_FORMAT(NEW.filed_at
	    + INTERVAL 8 HOUR, '%Y-%m'), DATE_FORMAT(OLD.filed_at + INTERVAL 8
	    HOUR, '%Y-%m'));

-- The app never deletes reports or complaints; should a DBA, the months
-- follow.
CREATE TRIGGER kpi_sellthrough_delete AFTER DELETE ON sellthrough
	FOR EACH ROW UPDATE kpi_month SET
	    stock_days = stock_days - OLD.stock * (DATEDIFF(OLD.period_end,
	    OLD.period_start) + 1), sold = sold - OLD.sold,
	    revenue = revenue - OLD.revenue, cost = cost - OLD.sold * OLD.unit_cost
	WHERE dealer_id = OLD.dealer_id AND
	    month = DATE_FORMAT(OLD.period_start, '%Y-%m');

CREATE TRIGGER kpi_category_delete AFTER DELETE ON sellthrough_category
	FOR EACH ROW UPDATE kpi_month SET category_sales = category_sales -
	    OLD.category_sales
	WHERE dealer_id = OLD.dealer_id AND
	    month = DATE_FORMAT(OLD.period_start, '%Y-%m');

CREATE TRIGGER kpi_complaint_delete AFTER DELETE ON complaints
	FOR EACH ROW UPDATE kpi_month SET complaints_filed = complaints_filed -
	    1, complaints_on_time = complaints_on_time - (OLD.resolved_at IS NOT
	    NULL AND OLD.resolved_at <= OLD.resolution_due)
	WHERE dealer_id = OLD.dealer_id AND month =
	    DATE_FORMAT(OLD.filed_at + INTERVAL 8 HOUR, '%Y-%m');

-- What is there already.
INSERT INTO kpi_month (dealer_id, month, region_id, complaints_filed,
    complaints_on_time)
	SELECT dealer_id, DATE_FORMAT(filed_at + INTERVAL 8 HOUR, '%Y-%m'),
	    MIN(region_id), COUNT(*), SUM(resolved_at IS NOT NULL AND
	    resolved_at <= resolution_due)
	FROM complaints GROUP BY dealer_id, DATE_FORMAT(filed_at +
	    INTERVAL 8 HOUR, '%Y-%m');
INSERT INTO kpi_month (dealer_id, month, region_id, stock_days, sold,
    revenue, cost)
	SELECT dealer_id, DATE_FORMAT(period_start, '%Y-%m'), MIN(region_id),
	    SUM(stock * (DATEDIFF(period_end, period_start) + 1)), SUM(sold),
	    SUM(revenue), SUM(sold * unit_cost)
	FROM sellthrough GROUP BY dealer_id, DATE_FORMAT(period_start, '%Y-%m')
	ON DUPLICATE KEY UPDATE stock_days = VALUES(stock_days),
	    sold = VALUES(sold), revenue = VALUES(revenue), cost = VALUES(cost);
INSERT INTO kpi_month (dealer_id, month, region_id, category_sales)
	SELECT dealer_id, DATE_FORMAT(period_start, '%Y-%m'), MIN(region_id),
	    SUM(category_sales)
	FROM sellthrough_category
	GROUP BY dealer_id, DATE_FORMAT(period_start, '%Y-%m')
	ON DUPLICATE KEY UPDATE category_sales = VALUES(category_sales);
