-- 0017_sellthrough.sql: what dealers report they sold (DESIGN §6), and
-- what each model cost them at our invoice prices.

-- A dealer's latest invoice price of a model, per unit after discounts:
-- written when an order ships, in its transaction; the cost of goods a
-- sell-through report is valued at.
CREATE TABLE dealer_costs (
	dealer_id	BIGINT UNSIGNED NOT NULL,
	product_id	BIGINT UNSIGNED NOT NULL,
	unit_cost	BIGINT NOT NULL,
	order_id	BIGINT UNSIGNED NOT NULL,	-- the order it came from
	PRIMARY KEY (dealer_id, product_id),
	CONSTRAINT dealer_costs_cost CHECK (unit_cost >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
INSERT INTO dealer_costs (dealer_id, product_id, unit_cost, order_id)
	SELECT o.dealer_id, l.product_id, ROUND(l.line_total / l.quantity),
	    o.id FROM orders o JOIN order_lines l ON l.order_id = o.id
	WHERE o.status IN ('shipped', 'delivered', 'closed') AND l.quantity > 0
	ORDER BY o.id
	ON DUPLICATE KEY UPDATE unit_cost = VALUES(unit_cost),
	    order_id = VALUES(order_id);

-- The dealer's sales of a category, all brands, in a period: one value
-- however many of our models of the category a report names (the latest
-- sent wins); our share is our models' revenue over it.  A category's
-- periods do not overlap: its models are reported by the same days or
-- weeks.
CREATE TABLE sellthrough_category (
	dealer_id	BIGINT UNSIGNED NOT NULL,
	category_id	BIGINT UNSIGNED NOT NULL,
	period_start	DATE NOT NULL,
	period_end	DATE NOT NULL,
	region_id	BIGINT UNSIGNED NOT NULL,
	category_sales	BIGINT NOT NULL,		-- fen
	PRIMARY KEY (dealer_id, category_id, period_start),
	KEY sellthrough_category_region (region_id, period_start),
	KEY sellthrough_category_period (period_start),
	CONSTRAINT sellthrough_category_sales CHECK (category_sales >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- One report of a dealer, a model and a period (a day or a week): the
-- current version; every earlier one is in sellthrough_history.  The
-- dealer's region and the model's category are kept for the figures.
CREATE TABLE sellthrough (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	dealer_id	BIGINT UNSIGNED NOT NULL,
	region_id	BIGINT UNSIGNED NOT NULL,
	product_id	BIGINT UNSIGNED NOT NULL,
	category_id	BIGINT UNSIGNED NOT NULL,
	period_start	DATE NOT NULL,
	period_end	DATE NOT NULL,
	received	INT UNSIGNED NOT NULL,
	sold		INT UNSIGNED NOT NULL,
	stock		INT UNSIGNED NOT NULL,
	revenue		BIGINT NOT NULL,		-- fen
	unit_cost	BIGINT NOT NULL,		-- fen, at our invoice price
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	reported_by	BIGINT UNSIGNED NOT NULL,
	reported_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	UNIQUE KEY sellthrough_report (dealer_id, product_id, period_start),
	KEY sellthrough_dealer_period (dealer_id, period_start),
	KEY sellthrough_region_period (region_id, period_start),
	KEY sellthrough_period (period_start),
	CONSTRAINT sellthrough_dealer_fk FOREIGN KEY (dealer_id)
	    REFERENCES orgs (id),
	CONSTRAINT sellthrough_product_fk FOREIGN KEY (product_id)
	    REFERENCES products (id),
	CONSTRAINT sellthrough_days CHECK (DATEDIFF(period_end, period_start)
	    IN (0, 6)),
	CONSTRAINT sellthrough_money CHECK (revenue >= 0 AND unit_cost >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

CREATE TABLE sellthrough_history (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	report_id	BIGINT UNSIGNED NOT NULL,
	version		INT UNSIGNED NOT NULL,
	received	INT UNSIGNED NOT NULL,
	sold		INT UNSIGNED NOT NULL,
	stock		INT UNSIGNED NOT NULL,
	revenue		BIGINT NOT NULL,
	category_sales	BIGINT NOT NULL,
	reported_by	BIGINT UNSIGNED NOT NULL,
	reported_at	DATETIME(6) NOT NULL,
	replaced_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	UNIQUE KEY sellthrough_history_version (report_id, version),
	CONSTRAINT sellthrough_history_report_fk FOREIGN KEY (report_id)
	    REFERENCES sellthrough (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
