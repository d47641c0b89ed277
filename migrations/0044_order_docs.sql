-- 0044_order_docs.sql: an order's lines and timeline as the API shows
-- them, kept beside the order (issue #22).
--
-- Reading an order was three statements (the order, its lines, its
-- timeline), then one CALL running the same three: under load each
-- statement costs MariaDB its own open, lock and execute, so the read
-- stayed at a third of one primary-key SELECT.  The lines and the
-- timeline are now also kept as two JSON arrays in one row per order,
-- written by triggers in the transaction that writes the lines or the
-- events (no writer can forget, none is slower by a round trip), and the
-- order is read in one statement: the order, its dealer and this row, each
-- by primary key.
--
-- A new line or event is appended to its array: every writer writes an
-- order's lines in their order and its events under the order's row lock,
-- one after another.  A corrected one (an UPDATE) rebuilds the array from
-- the order's rows (a handful).  A bulk load (the benchmark's seed) sets
-- @dealernet_bulk and builds the rows once at its end instead.  A derived
-- row, so no foreign key: it is written only here and read only with its
-- order.
CREATE TABLE order_docs (
	order_id	BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	lines_json	LONGTEXT NOT NULL DEFAULT '[]',
	timeline_json	LONGTEXT NOT NULL DEFAULT '[]'
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER order_lines_doc_insert AFTER INSERT ON order_lines
	FOR EACH ROW
	INSERT INTO order_docs (order_id, lines_json)
	SELECT NEW.order_id, JSON_ARRAY(JSON_OBJECT('product', NEW.product_code,
	    'quantity', NEW.quantity, 'options', JSON_EXTRACT(NEW.options, '$'),
	    'unit_price', NEW.unit_price, 'discount', NEW.discount,
	    'line_total', NEW.line_total))
	FROM DUAL WHERE @dealernet_bulk IS NULL
	ON DUPLICATE KEY UPDATE lines_json = JSON_ARRAY_APPEND(lines_json, '$',
	    JSON_EXTRACT(VALUES(lines_json), '$[0]'));

CREATE TRIGGER order_lines_doc_update AFTER UPDATE ON order_lines
	FOR EACH ROW
	INSERT INTO order_docs (order_id, lines_json)
	SELECT l.order_id, JSON_ARRAYAGG(JSON_OBJECT('product', l.product_code,
	    'quantity', l.quantity, 'options', JSON_EXTRACT(l.options, '$'), 'unit_price',
	    l.unit_price, 'discount', l.discount, 'line_total', l.line_total)
	    ORDER BY l.line_no)
	FROM order_lines l WHERE l.order_id = NEW.order_id AND
	    @dealernet_bulk IS NULL GROUP BY l.order_id
	ON DUPLICATE KEY UPDATE lines_json = VALUES(lines_json);

-- carrier and waybill are JSON null when absent; the app leaves them out,
-- as it always did.
CREATE TRIGGER order_events_doc_insert AFTER INSERT ON order_events
	FOR EACH ROW
	INSERT INTO order_docs (order_id, timeline_json)
	SELECT NEW.order_id, JSON_ARRAY(JSON_OBJECT(
	    'at', DATE_FORMAT(NEW.at, '%Y-%m-%dT%H:%i:%sZ'), 'status', NEW.status,
	    'note', NEW.note, 'carrier', NEW.carrier, 'waybill', NEW.waybill,
	    'actor', u.display_name,
	    'at_china', DATE_FORMAT(NEW.at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i')))
	FROM users u WHERE u.id = NEW.actor_user_id AND @dealernet_bulk IS NULL
	ON DUPLICATE KEY UPDATE timeline_json = JSON_ARRAY_APPEND(timeline_json,
	    '$', JSON_EXTRACT(VALUES(timeline_json), '$[0]'));

CREATE TRIGGER order_events_doc_update AFTER UPDATE ON order_events
	FOR EACH ROW
	INSERT INTO order_docs (order_id, timeline_json)
	SELECT e.order_id, JSON_ARRAYAGG(JSON_OBJECT(
	    'at', DATE_FORMAT(e.at, '%Y-%m-%dT%H:%i:%sZ'), 'status', e.status,
	    'note', e.note, 'carrier', e.carrier, 'waybill', e.waybill,
	    'actor', u.display_name,
	    'at_china', DATE_FORMAT(e.at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'))
	    ORDER BY e.id)
	FROM order_events e JOIN users u ON u.id = e.actor_user_id
	WHERE e.order_id = NEW.order_id AND @dealernet_bulk IS NULL
	GROUP BY e.order_id
	ON DUPLICATE KEY UPDATE timeline_json = VALUES(timeline_json);

-- The orders there are.
INSERT INTO order_docs (order_id, lines_json)
SELECT l.order_id, JSON_ARRAYAGG(JSON_OBJECT('product', l.product_code,
    'quantity', l.quantity, 'options', JSON_EXTRACT(l.options, '$'), 'unit_price', l.unit_price,
    'discount', l.discount, 'line_total', l.line_total) ORDER BY l.line_no)
FROM order_lines l GROUP BY l.order_id;
INSERT INTO order_docs (order_id, timeline_json)
SELECT e.order_id, JSON_ARRAYAGG(JSON_OBJECT(
    'at', DATE_FORMAT(e.at, '%Y-%m-%dT%H:%i:%sZ'), 'status', e.status,
    'note', e.note, 'carrier', e.carrier, 'waybill', e.waybill,
    'actor', u.display_name,
    'at_china', DATE_FORMAT(e.at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'))
    ORDER BY e.id)
FROM order_events e JOIN users u ON u.id = e.actor_user_id GROUP BY e.order_id
ON DUPLICATE KEY UPDATE timeline_json = VALUES(timeline_json);
