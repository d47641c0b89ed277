-- 0054_shipments.sql: partial shipments (issue #23): an order goes out in
-- one or more shipments, each with its lines and quantities, carrier,
-- waybill and date, and each posts its own invoice.
--
-- order_lines.shipped is what of a line has gone so far.  It is the
-- guard that shipped never exceeds ordered: every shipment of a line
-- writes that line's row with "shipped = shipped + q WHERE shipped + q <=
-- quantity", so of two racing shipments the second finds no row to change
-- (one server) or loses certification (Galera), and the CHECK holds the
-- same whatever writes.  Returns will add "returned" guarded the same way
-- by shipped.
ALTER TABLE order_lines
	ADD COLUMN shipped INT UNSIGNED NOT NULL DEFAULT 0 AFTER quantity,
	ADD CONSTRAINT order_lines_shipped CHECK (shipped <= quantity);

-- What the order's shipments invoiced so far: exposure counts an open
-- order's value less this (the rest is in the ledger's balance already).
-- The dealer's open-orders index carries it, so the sum stays covered.
ALTER TABLE orders
	ADD COLUMN invoiced BIGINT NOT NULL DEFAULT 0 AFTER total,
	DROP KEY orders_dealer_status,
	ADD KEY orders_dealer_status (dealer_id, status, total, invoiced);

-- Orders shipped before shipments were kept: all of every line.
UPDATE order_lines l JOIN orders o ON o.id = l.order_id
	SET l.shipped = l.quantity
	WHERE o.status IN ('shipped', 'delivered', 'closed');
UPDATE orders SET invoiced = total
	WHERE status IN ('shipped', 'delivered', 'closed');

-- number: the order's number and the shipment's place in it (SO-...-S2).
-- The invoice is the ledger entry the shipment posted (reference: the
-- shipment's number, or the order's when it shipped the whole order at
-- once, memo: the shipment's number).  An Idempotency-Key is per
-- order.
CREATE TABLE shipments (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	order_id	BIGINT UNSIGNED NOT NULL,
	seq		SMALLINT UNSIGNED NOT NULL,
	number		VARCHAR(32) CHARACTER SET ascii NOT NULL,
	carrier		VARCHAR(100) NOT NULL,
	waybill		VARCHAR(100) NOT NULL,
	shipped_on	DATE NOT NULL,
	amount		BIGINT NOT NULL,
	ledger_entry_id	BIGINT UNSIGNED NOT NULL,
	created_by	BIGINT UNSIGNED NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	idem_key	VARCHAR(100) CHARACTER SET ascii NULL,
	request_hash	CHAR(64) CHARACTER SET ascii NULL,
	UNIQUE KEY shipments_seq (order_id, seq),
	UNIQUE KEY shipments_number (number),
	UNIQUE KEY shipments_key (order_id, idem_key),
	CONSTRAINT shipments_order_fk FOREIGN KEY (order_id)
	    REFERENCES orders (id),
	CONSTRAINT shipments_invoice_fk FOREIGN KEY (ledger_entry_id)
	    REFERENCES ledger_entries (id),
	CONSTRAINT shipments_amount CHECK (amount >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- amount: what of the invoice this line is (see orders_ship_amount()),
-- kept for the credit notes of returns.
CREATE TABLE shipment_lines (
	shipment_id	BIGINT UNSIGNED NOT NULL,
	order_id	BIGINT UNSIGNED NOT NULL,
	line_no		SMALLINT UNSIGNED NOT NULL,
	quantity	INT UNSIGNED NOT NULL,
	amount		BIGINT NOT NULL,
	PRIMARY KEY (shipment_id, line_no),
	KEY shipment_lines_line (order_id, line_no),
	CONSTRAINT shipment_lines_shipment_fk FOREIGN KEY (shipment_id)
	    REFERENCES shipments (id),
	CONSTRAINT shipment_lines_line_fk FOREIGN KEY (order_id, line_no)
	    REFERENCES order_lines (order_id, line_no),
	CONSTRAINT shipment_lines_quantity CHECK (quantity > 0)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- The order's shipments as the API shows them, kept beside its lines and
-- timeline (0044) so that the order read and the delivery query stay one
-- statement.  A shipment's lines are written after it, in one statement:
-- each line rebuilds the order's array from the rows (a handful).
ALTER TABLE order_docs
	ADD COLUMN shipments_json LONGTEXT NOT NULL DEFAULT '[]';

CREATE TRIGGER shipment_lines_doc_insert AFTER INSERT ON shipment_lines
	FOR EACH ROW
	INSERT INTO order_docs (order_id, shipments_json)
	SELECT s.order_id, JSON_ARRAYAGG(JSON_OBJECT('number', s.number,
	    'shipped_on', DATE_FORMAT(s.shipped_on, '%Y-%m-%d'),
	    'carrier', s.carrier, 'waybill', s.waybill, 'amount', s.amount,
	    'invoice', s.ledger_entry_id,
	    'at', DATE_FORMAT(s.created_at, '%Y-%m-%dT%H:%i:%sZ'),
	    'lines', JSON_EXTRACT((SELECT JSON_ARRAYAGG(JSON_OBJECT('line',
	        sl.line_no, 'product', ol.product_code, 'quantity', sl.quantity,
	        'amount', sl.amount) ORDER BY sl.line_no) FROM shipment_lines sl
	        JOIN order_lines ol ON ol.order_id = sl.order_id AND
	        ol.line_no = sl.line_no WHERE sl.shipment_id = s.id), '$'))
	    ORDER BY s.seq)
	FROM shipments s WHERE s.order_id = NEW.order_id
	    AND @dealernet_bulk IS NULL GROUP BY s.order_id
	ON DUPLICATE KEY UPDATE shipments_json = VALUES(shipments_json);

-- An order's lines show their number and what of them has shipped: the
-- lines' triggers again, with the two fields, and the arrays rebuilt.
DROP TRIGGER order_lines_doc_insert;
DROP TRIGGER order_lines_doc_update;

CREATE TRIGGER order_lines_doc_insert AFTER INSERT ON order_lines
	FOR EACH ROW
	INSERT INTO order_docs (order_id, lines_json)
	SELECT NEW.order_id, JSON_ARRAY(JSON_OBJECT('line', NEW.line_no,
	    'product', NEW.product_code,
	    'quantity', NEW.quantity, 'options', JSON_EXTRACT(NEW.options, '$'),
	    'unit_price', NEW.unit_price, 'discount', NEW.discount,
	    'line_total', NEW.line_total, 'shipped', NEW.shipped))
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
	    'line_total', l.line_total, 'shipped', l.shipped)
	    ORDER BY l.line_no)
	FROM order_lines l WHERE l.order_id = NEW.order_id AND
	    @dealernet_bulk IS NULL GROUP BY l.order_id
	ON DUPLICATE KEY UPDATE lines_json = VALUES(lines_json);

INSERT INTO order_docs (order_id, lines_json)
SELECT l.order_id, JSON_ARRAYAGG(JSON_OBJECT('line', l.line_no,
    'product', l.product_code, 'quantity', l.quantity,
    'options', JSON_EXTRACT(l.options, '$'), 'unit_price', l.unit_price,
    'discount', l.discount, 'line_total', l.line_total,
    'shipped', l.shipped) ORDER BY l.line_no)
FROM order_lines l GROUP BY l.order_id
ON DUPLICATE KEY UPDATE lines_json = VALUES(lines_json);
