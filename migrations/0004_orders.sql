-- 0004_orders.sql: orders, their lines and timeline, idempotency keys, and
-- the event feed the ERP pulls.

-- Order numbers come from a sequence: no hot row, gaps allowed.
CREATE SEQUENCE order_numbers START WITH 1 INCREMENT BY 1 NOCACHE;

CREATE TABLE orders (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	number		VARCHAR(24) CHARACTER SET ascii NOT NULL,
	dealer_id	BIGINT UNSIGNED NOT NULL,
	status		ENUM('submitted','approved','rejected','escalated',
			    'scheduled','in_production','shipped','delivered',
			    'closed','cancelled') NOT NULL DEFAULT 'submitted',
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	total		BIGINT NOT NULL,
	requested_date	DATE NOT NULL,
	promised_date	DATE NULL,
	ship_to		VARCHAR(300) NOT NULL,
	note		VARCHAR(1000) NOT NULL DEFAULT '',
	created_by	BIGINT UNSIGNED NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	updated_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
			    ON UPDATE CURRENT_TIMESTAMP(6),
	UNIQUE KEY orders_number (number),
	KEY orders_dealer (dealer_id, id),
	KEY orders_status (status, id),
	CONSTRAINT orders_dealer_fk FOREIGN KEY (dealer_id) REFERENCES orgs (id),
	CONSTRAINT orders_total CHECK (total >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Prices are frozen at submission.
CREATE TABLE order_lines (
	order_id	BIGINT UNSIGNED NOT NULL,
	line_no		SMALLINT UNSIGNED NOT NULL,
	product_id	BIGINT UNSIGNED NOT NULL,
	product_code	VARCHAR(32) CHARACTER SET ascii NOT NULL,
	quantity	INT UNSIGNED NOT NULL,
	options		JSON NOT NULL,
	unit_price	BIGINT NOT NULL,
	discount	BIGINT NOT NULL,
	line_total	BIGINT NOT NULL,
	promotion_id	BIGINT UNSIGNED NULL,
	PRIMARY KEY (order_id, line_no),
	CONSTRAINT order_lines_order_fk FOREIGN KEY (order_id)
	    REFERENCES orders (id),
	CONSTRAINT order_lines_product_fk FOREIGN KEY (product_id)
	    REFERENCES products (id),
	CONSTRAINT order_lines_sum CHECK (line_total = unit_price * quantity
	    - discount)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE order_events (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	order_id	BIGINT UNSIGNED NOT NULL,
	at		DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	actor_user_id	BIGINT UNSIGNED NOT NULL,
	status		VARCHAR(16) CHARACTER SET ascii NOT NULL,
	note		VARCHAR(1000) NOT NULL DEFAULT '',
	carrier		VARCHAR(100) NULL,
	waybill		VARCHAR(100) NULL,
	KEY order_events_order (order_id, id),
	CONSTRAINT order_events_order_fk FOREIGN KEY (order_id)
	    REFERENCES orders (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per (dealer, key): a retried submission finds its order here.
CREATE TABLE idempotency_keys (
	dealer_id	BIGINT UNSIGNED NOT NULL,
	idem_key	VARCHAR(100) CHARACTER SET ascii NOT NULL,
	request_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	order_id	BIGINT UNSIGNED NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	PRIMARY KEY (dealer_id, idem_key)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Append-only, written in the transaction of each change.
CREATE TABLE feed_events (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	at		DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	type		VARCHAR(40) CHARACTER SET ascii NOT NULL,
	object_type	VARCHAR(16) CHARACTER SET ascii NOT NULL,
	object_ref	VARCHAR(32) CHARACTER SET ascii NOT NULL,
	dealer_id	BIGINT UNSIGNED NULL,
	payload		JSON NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
