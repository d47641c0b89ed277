-- 0056_returns.sql: returns (RMA, issue #23): a dealer asks to return
-- delivered quantities of an order, the region approves or refuses, the
-- goods are received and a credit note is posted to the dealer's ledger
-- in that transaction.
--
-- "Delivered" is what of a line has shipped to the dealer
-- (order_lines.shipped, 0054); returns are asked of orders shipped,
-- delivered or closed.  order_lines.returned is what of a line is asked
-- back by returns not refused or cancelled: a request reserves its
-- quantities with "returned = returned + q WHERE returned + q <=
-- shipped", a refusal or cancellation gives them back.  Two racing
-- requests write the same line row: the second finds no row to change
-- (one server) or loses certification (Galera); the CHECK holds whatever
-- writes.
--
-- received is what of those came back and was credited: it only grows,
-- so the credit notes of a line, value(received after) - value(received
-- before) (orders_return_amount()), sum to its total exactly when all of
-- it comes back, whatever was refused or cancelled in between.
ALTER TABLE order_lines
	ADD COLUMN returned INT UNSIGNED NOT NULL DEFAULT 0 AFTER shipped,
	ADD COLUMN received INT UNSIGNED NOT NULL DEFAULT 0 AFTER returned,
	ADD CONSTRAINT order_lines_returned CHECK (returned <= shipped),
	ADD CONSTRAINT order_lines_received CHECK (received <= returned);

-- RMA-YYYY-NNNNNN from a counter, as order numbers (0022).
CREATE TABLE return_number_ids (
	id	BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY
) ENGINE=InnoDB;

-- dealer, region and chain are the order's, for scoping as orders are
-- (a dealer joining a chain moves its returns with its orders).  amount:
-- the credit the lines are worth, frozen at the request from the lines'
-- frozen prices (orders_return_amount()); credit_entry_id the credit note
-- posted when the goods were received.  An Idempotency-Key is per dealer.
CREATE TABLE returns (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	number		VARCHAR(24) CHARACTER SET ascii NOT NULL,
	order_id	BIGINT UNSIGNED NOT NULL,
	dealer_id	BIGINT UNSIGNED NOT NULL,
	region_id	BIGINT UNSIGNED NOT NULL,
	chain_id	BIGINT UNSIGNED NULL,
	status		ENUM('requested', 'approved', 'refused', 'received',
			    'cancelled') CHARACTER SET ascii NOT NULL
			    DEFAULT 'requested',
	reason		VARCHAR(1000) NOT NULL,
	refusal		VARCHAR(1000) NULL,
	amount		BIGINT NOT NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_by	BIGINT UNSIGNED NOT NULL,
	decided_by	BIGINT UNSIGNED NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	updated_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
			    ON UPDATE CURRENT_TIMESTAMP(6),
	credit_entry_id	BIGINT UNSIGNED NULL,
	idem_key	VARCHAR(100) CHARACTER SET ascii NULL,
	request_hash	CHAR(64) CHARACTER SET ascii NULL,
	UNIQUE KEY returns_number (number),
	UNIQUE KEY returns_key (dealer_id, idem_key),
	KEY returns_order (order_id, id),
	KEY returns_dealer (dealer_id, id),
	KEY returns_region (region_id, id),
	KEY returns_chain (chain_id, id),
	KEY returns_status (status, id),
	CONSTRAINT returns_order_fk FOREIGN KEY (order_id)
	    REFERENCES orders (id),
	CONSTRAINT returns_credit_fk FOREIGN KEY (credit_entry_id)
	    REFERENCES ledger_entries (id),
	CONSTRAINT returns_amount CHECK (amount >= 0),
	CONSTRAINT returns_credit CHECK (status = 'received' OR
	    credit_entry_id IS NULL)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- amount: this line's share of the credit, value(after) - value(before)
-- with value(n) = floor(line_total * n / quantity) (orders_return_amount()):
-- returning all of a line credits its total exactly, and any split sums
-- to it.  Frozen at the request over the line's reserved units
-- (returned); set again on receipt over its received units, which differs
-- (by a fen) only when a return of the line asked before it was refused
-- or cancelled meanwhile.
CREATE TABLE return_lines (
	return_id	BIGINT UNSIGNED NOT NULL,
	order_id	BIGINT UNSIGNED NOT NULL,
	line_no		SMALLINT UNSIGNED NOT NULL,
	quantity	INT UNSIGNED NOT NULL,
	amount		BIGINT NOT NULL,
	PRIMARY KEY (return_id, line_no),
	KEY return_lines_line (order_id, line_no),
	CONSTRAINT return_lines_return_fk FOREIGN KEY (return_id)
	    REFERENCES returns (id),
	CONSTRAINT return_lines_line_fk FOREIGN KEY (order_id, line_no)
	    REFERENCES order_lines (order_id, line_no),
	CONSTRAINT return_lines_quantity CHECK (quantity > 0),
	CONSTRAINT return_lines_amount CHECK (amount >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- The order's returns as the order read shows them, beside its lines,
-- timeline and shipments (0044, 0054): rebuilt from the rows (a handful)
-- when a return's lines are written and when a return changes, by one
-- procedure both triggers call.
ALTER TABLE order_docs
	ADD COLUMN returns_json LONGTEXT NOT NULL DEFAULT '[]';

CREATE PROCEDURE returns_doc(IN p_order BIGINT UNSIGNED)
	INSERT INTO order_docs (order_id, returns_json)
	SELECT r.order_id, JSON_ARRAYAGG(JSON_OBJECT('number', r.number,
	    'status', r.status, 'reason', r.reason, 'refusal', r.refusal,
	    'amount', r.amount,
	    'credit_note', r.credit_entry_id, 'version', r.version,
	    'at', DATE_FORMAT(r.created_at, '%Y-%m-%dT%H:%i:%sZ'),
	    'lines', JSON_EXTRACT((SELECT JSON_ARRAYAGG(JSON_OBJECT('line',
	        rl.line_no, 'product', ol.product_code, 'quantity', rl.quantity,
	        'amount', rl.amount) ORDER BY rl.line_no) FROM return_lines rl
	        JOIN order_lines ol ON ol.order_id = rl.order_id AND
	        ol.line_no = rl.line_no WHERE rl.return_id = r.id), '$'))
	    ORDER BY r.id)
	FROM returns r WHERE r.order_id = p_order
	    AND @dealernet_bulk IS NULL GROUP BY r.order_id
	ON DUPLICATE KEY UPDATE returns_json = VALUES(returns_json);

CREATE TRIGGER return_lines_doc_insert AFTER INSERT ON return_lines
	FOR EACH ROW CALL returns_doc(NEW.order_id);

CREATE TRIGGER returns_doc_update AFTER UPDATE ON returns
	FOR EACH ROW CALL returns_doc(NEW.order_id);

-- An order's lines show what of them is asked back: the lines' triggers
-- again with the field (as 0054 did for shipped).  The arrays there are
-- left as they are: a line without "returned" has none (the app reads a
-- missing one as 0), so no rebuild of every order's row.
DROP TRIGGER order_lines_doc_insert;
DROP TRIGGER order_lines_doc_update;

CREATE TRIGGER order_lines_doc_insert AFTER INSERT ON order_lines
	FOR EACH ROW
	INSERT INTO order_docs (order_id, lines_json)
	SELECT NEW.order_id, JSON_ARRAY(JSON_OBJECT('line', NEW.line_no,
	    'product', NEW.product_code,
	    'quantity', NEW.quantity, 'options', JSON_EXTRACT(NEW.options, '$'),
	    'unit_price', NEW.unit_price, 'discount', NEW.discount,
	    'line_total', NEW.line_total, 'shipped', NEW.shipped,
	    'returned', NEW.returned))
	FROM DUAL WHERE @dealernet_bulk IS NULL
	ON DUPLICATE KEY UPDATE lines_json = JSON_ARRAY_APPEND(lines_json, '$',
	    JSON_EXTRACT(VALUES(lines_json), '$[0]'));

CREATE TRIGGER order_lines_doc_update AFTER UPDATE ON order_lines
	FOR EACH ROW
	INSERT INTO order_docs (order_id, lines_json)
	SELECT l.order_id, JSON_ARRAYAGG(JSON_OBJECT('line', l.line_no,
	    'product', l.product_code,
	    'quantity', l.quantity, 'options', JSON_EXTRACT(l.options, '$'),
	    'unit_price', l.unit_price, 'discount', l.discount,
	    'line_total', l.line_total, 'shipped', l.shipped,
	    'returned', l.returned)
	    ORDER BY l.line_no)
	FROM order_lines l WHERE l.order_id = NEW.order_id AND
	    @dealernet_bulk IS NULL GROUP BY l.order_id
	ON DUPLICATE KEY UPDATE lines_json = VALUES(lines_json);
