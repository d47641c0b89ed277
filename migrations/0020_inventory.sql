-- 0020_inventory.sql: stock per model and warehouse, as the ERP posts it
-- (DESIGN §6: the inventory query).

CREATE TABLE warehouses (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	code		VARCHAR(16) CHARACTER SET ascii NOT NULL,
	name_zh		VARCHAR(100) NOT NULL,
	name_en		VARCHAR(100) NOT NULL,
	city		VARCHAR(100) NOT NULL,
	UNIQUE KEY warehouses_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A model's stock in a warehouse as of the ERP's snapshot: what is there,
-- what is promised to orders already, and the next receipt expected.  A
-- snapshot older than the one held changes nothing.
CREATE TABLE inventory (
	product_id	BIGINT UNSIGNED NOT NULL,
	warehouse_id	BIGINT UNSIGNED NOT NULL,
	on_hand		INT UNSIGNED NOT NULL,
	reserved	INT UNSIGNED NOT NULL,
	next_receipt_on	DATE NULL,
	next_receipt_qty INT UNSIGNED NOT NULL DEFAULT 0,
	as_of		DATETIME(6) NOT NULL,
	updated_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
			    ON UPDATE CURRENT_TIMESTAMP(6),
	PRIMARY KEY (product_id, warehouse_id),
	KEY inventory_warehouse (warehouse_id, product_id),
	CONSTRAINT inventory_product_fk FOREIGN KEY (product_id)
	    REFERENCES products (id),
	CONSTRAINT inventory_warehouse_fk FOREIGN KEY (warehouse_id)
	    REFERENCES warehouses (id),
	CONSTRAINT inventory_reserved CHECK (reserved <= on_hand)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

INSERT INTO warehouses (code, name_zh, name_en, city) VALUES
	('WH-BJ', '北京中心仓', 'Beijing central', '北京'),
	('WH-SH', '上海中心仓', 'Shanghai central', '上海'),
	('WH-GZ', '广州中心仓', 'Guangzhou central', '广州'),
	('WH-CD', '成都中心仓', 'Chengdu central', '成都'),
	('WH-WH', '武汉中心仓', 'Wuhan central', '武汉'),
	('WH-SY', '沈阳中心仓', 'Shenyang central', '沈阳');
