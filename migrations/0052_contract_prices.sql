-- 0052_contract_prices.sql: contract prices per dealer or per chain (issue
-- #23, "Contract prices").
--
-- A row is an agreed price for one model, for one dealer or for one chain
-- (exactly one of dealer_id, chain_id), either a fixed price in fen for a
-- unit of the model (its options' deltas are added on top) or a discount
-- in basis points (1..10000) off the configured unit price; it holds on
-- China's dates valid_from..valid_to, both days included, for lines of at
-- least min_qty units (quantity breaks are rows with the same window and
-- a higher min_qty).  Set by the admin and HQ key-account staff (those
-- only for the chains assigned to them in key_account_chains, and their
-- dealers).  A row's model, owner, break and start never change; it is
-- ended (valid_to moved back, down to valid_from - 1 day: never in force)
-- and never deleted, so the orders that name it keep their history.
--
-- Two rows of one owner cannot claim the same (product, min_qty, window
-- start): one unique key per owner column, since NULLs never collide.
-- Each key also serves pricing's read (owner, product, then the break and
-- the window); the process holds what it read (catalogue_cache.c) and
-- forgets it through cache_changes like the promotions (0042).
CREATE TABLE contract_prices (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	dealer_id	BIGINT UNSIGNED NULL,
	chain_id	BIGINT UNSIGNED NULL,
	product_id	BIGINT UNSIGNED NOT NULL,
	price		BIGINT NULL,		-- fen per unit of the model
	discount_bp	SMALLINT UNSIGNED NULL,	-- 1..10000: 0.01 % .. 100 %
	min_qty		INT UNSIGNED NOT NULL DEFAULT 1,
	valid_from	DATE NOT NULL,		-- China's dates, both included
	valid_to	DATE NOT NULL,
	created_by	BIGINT UNSIGNED NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	idem_key	VARCHAR(100) CHARACTER SET ascii NULL,
	request_hash	CHAR(64) CHARACTER SET ascii NULL,
	UNIQUE KEY contract_prices_dealer (dealer_id, product_id, min_qty,
	    valid_from),
	UNIQUE KEY contract_prices_chain (chain_id, product_id, min_qty,
	    valid_from),
	UNIQUE KEY contract_prices_idem (created_by, idem_key),
	KEY contract_prices_product (product_id),
	CONSTRAINT contract_prices_dealer_fk FOREIGN KEY (dealer_id)
	    REFERENCES orgs (id),
	CONSTRAINT contract_prices_chain_fk FOREIGN KEY (chain_id)
	    REFERENCES orgs (id),
	CONSTRAINT contract_prices_product_fk FOREIGN KEY (product_id)
	    REFERENCES products (id),
	CONSTRAINT contract_prices_user_fk FOREIGN KEY (created_by)
	    REFERENCES users (id),
	CONSTRAINT contract_prices_owner CHECK ((dealer_id IS NULL) <>
	    (chain_id IS NULL)),
	CONSTRAINT contract_prices_kind CHECK ((price IS NULL) <>
	    (discount_bp IS NULL)),
	CONSTRAINT contract_prices_price CHECK (price IS NULL OR
	    price BETWEEN 0 AND 10000000000),
	CONSTRAINT contract_prices_bp CHECK (discount_bp IS NULL OR
	    discount_bp BETWEEN 1 AND 10000),
	CONSTRAINT contract_prices_qty CHECK (min_qty BETWEEN 1 AND 100000),
	CONSTRAINT contract_prices_window CHECK (valid_to >=
	    valid_from - INTERVAL 1 DAY)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A contract row changes prices: the processes forget the catalogue's.
CREATE TRIGGER contract_prices_cache_new AFTER INSERT ON contract_prices
	FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id) VALUES ('catalogue', 0);
CREATE TRIGGER contract_prices_cache_changes AFTER UPDATE ON contract_prices
	FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id) VALUES ('catalogue', 0);

-- A dealer that joins or leaves a chain is priced by other rows: its
-- held tier (with its chain, catalogue_cache.c) is forgotten.
CREATE TRIGGER orgs_chain_changes AFTER UPDATE ON orgs FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id)
	SELECT 'tier', OLD.id FROM DUAL WHERE NOT (OLD.chain_id <=> NEW.chain_id);

-- An order line frozen at a contract price names its row.  The order read
-- shows each line's source ('contract', else 'promotion' when a promotion
-- applied, else 'list') and its row from order_docs.prices_json, kept by
-- triggers of their own (as the shipments' array, 0054) rather than in
-- lines_json: the lines' triggers are another feature's to redefine
-- (0054 does), and these must survive that in either order.  A line is
-- appended as it is written; a correction of its promotion or contract
-- rebuilds the array from the rows.
ALTER TABLE order_lines
	ADD COLUMN contract_price_id BIGINT UNSIGNED NULL AFTER promotion_id,
	ADD CONSTRAINT order_lines_contract_fk FOREIGN KEY (contract_price_id)
	    REFERENCES contract_prices (id);

ALTER TABLE order_docs
	ADD COLUMN prices_json LONGTEXT NOT NULL DEFAULT '[]';

CREATE TRIGGER order_lines_prices_insert AFTER INSERT ON order_lines
	FOR EACH ROW
	INSERT INTO order_docs (order_id, prices_json)
	SELECT NEW.order_id, JSON_ARRAY(JSON_OBJECT('price_source',
	    CASE WHEN NEW.contract_price_id IS NOT NULL THEN 'contract'
	    WHEN NEW.promotion_id IS NOT NULL THEN 'promotion' ELSE 'list' END,
	    'contract_id', NEW.contract_price_id))
	FROM DUAL WHERE @dealernet_bulk IS NULL
	ON DUPLICATE KEY UPDATE prices_json = JSON_ARRAY_APPEND(prices_json,
	    '$', JSON_EXTRACT(VALUES(prices_json), '$[0]'));

CREATE TRIGGER order_lines_prices_update AFTER UPDATE ON order_lines
	FOR EACH ROW
	INSERT INTO order_docs (order_id, prices_json)
	SELECT l.order_id, JSON_ARRAYAGG(JSON_OBJECT('price_source',
	    CASE WHEN l.contract_price_id IS NOT NULL THEN 'contract'
	    WHEN l.promotion_id IS NOT NULL THEN 'promotion' ELSE 'list' END,
	    'contract_id', l.contract_price_id) ORDER BY l.line_no)
	FROM order_lines l WHERE l.order_id = NEW.order_id AND
	    @dealernet_bulk IS NULL AND NOT (OLD.contract_price_id <=>
	    NEW.contract_price_id AND OLD.promotion_id <=> NEW.promotion_id AND
	    OLD.line_no <=> NEW.line_no) GROUP BY l.order_id
	ON DUPLICATE KEY UPDATE prices_json = VALUES(prices_json);

-- The orders there are.
INSERT INTO order_docs (order_id, prices_json)
SELECT l.order_id, JSON_ARRAYAGG(JSON_OBJECT('price_source',
    CASE WHEN l.promotion_id IS NOT NULL THEN 'promotion' ELSE 'list' END,
    'contract_id', NULL) ORDER BY l.line_no)
FROM order_lines l GROUP BY l.order_id
ON DUPLICATE KEY UPDATE prices_json = VALUES(prices_json);
