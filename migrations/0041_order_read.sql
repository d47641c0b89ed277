-- 0041_order_read.sql: an order, its lines and its timeline in one round trip
--
-- orders_load() read them with three statements, each a round trip (issue
-- #22).  CALL order_read answers three result sets instead: the order as
-- the caller may see it, then its lines, then its timeline.  The order is
-- found by number (p_number) or by id (p_id, p_number NULL), with the owner
-- test of the caller's scope path (auth/scope.h, enum scope_path: 0 all,
-- 1 region, 2 dealer, 3 manager) bound to p_key, each path its own SELECT
-- as the list's variants are, so each reads its own index.  An order out
-- of scope answers an empty first result set and nothing more: the lines
-- and the timeline are read only when the order row was sent (FOUND_ROWS),
-- by the id that row set in @order_read_id.
--
-- INVOKER: the procedure reads with the caller's own grants (SELECT), and
-- no definer account has to exist on every Galera node.  The body holds
-- semicolons, so it is written between DELIMITER lines (db/migrate.c reads
-- them as the mariadb client does); Galera replicates CREATE PROCEDURE as
-- DDL (total order isolation) like the migrations' tables.

DELIMITER //
CREATE PROCEDURE order_read(p_number VARCHAR(24) CHARACTER SET ascii,
    p_id BIGINT UNSIGNED, p_path INT, p_key BIGINT)
	READS SQL DATA
	SQL SECURITY INVOKER
BEGIN
	IF p_number IS NOT NULL THEN
		CASE p_path
		WHEN 0 THEN
			SELECT @order_read_id := o.id, o.number, o.dealer_id,
			    d.name_zh, d.name_en, o.status, o.version, o.total,
			    o.requested_date, o.promised_date, o.ship_to, o.note,
			    DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%sZ')
			FROM orders o JOIN orgs d ON d.id = o.dealer_id
			WHERE o.number = p_number AND p_key = 0;
		WHEN 1 THEN
			SELECT @order_read_id := o.id, o.number, o.dealer_id,
			    d.name_zh, d.name_en, o.status, o.version, o.total,
			    o.requested_date, o.promised_date, o.ship_to, o.note,
			    DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%sZ')
			FROM orders o JOIN orgs d ON d.id = o.dealer_id
			WHERE o.number = p_number AND o.region_id = p_key;
		WHEN 2 THEN
			SELECT @order_read_id := o.id, o.number, o.dealer_id,
			    d.name_zh, d.name_en, o.status, o.version, o.total,
			    o.requested_date, o.promised_date, o.ship_to, o.note,
			    DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%sZ')
			FROM orders o JOIN orgs d ON d.id = o.dealer_id
			WHERE o.number = p_number AND o.dealer_id = p_key;
		ELSE
			SELECT @order_read_id := o.id, o.number, o.dealer_id,
			    d.name_zh, d.name_en, o.status, o.version, o.total,
			    o.requested_date, o.promised_date, o.ship_to, o.note,
			    DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%sZ')
			FROM orders o JOIN orgs d ON d.id = o.dealer_id
			WHERE o.number = p_number AND p_path = 3 AND
			    o.dealer_id IN (SELECT dealer_id FROM manager_dealers
			    WHERE manager_id = p_key);
		END CASE;
	ELSE
		CASE p_path
		WHEN 0 THEN
			SELECT @order_read_id := o.id, o.number, o.dealer_id,
			    d.name_zh, d.name_en, o.status, o.version, o.total,
			    o.requested_date, o.promised_date, o.ship_to, o.note,
			    DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%sZ')
			FROM orders o JOIN orgs d ON d.id = o.dealer_id
			WHERE o.id = p_id AND p_key = 0;
		WHEN 1 THEN
			SELECT @order_read_id := o.id, o.number, o.dealer_id,
			    d.name_zh, d.name_en, o.status, o.version, o.total,
			    o.requested_date, o.promised_date, o.ship_to, o.note,
			    DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%sZ')
			FROM orders o JOIN orgs d ON d.id = o.dealer_id
			WHERE o.id = p_id AND o.region_id = p_key;
		WHEN 2 THEN
			SELECT @order_read_id := o.id, o.number, o.dealer_id,
			    d.name_zh, d.name_en, o.status, o.version, o.total,
			    o.requested_date, o.promised_date, o.ship_to, o.note,
			    DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%sZ')
			FROM orders o JOIN orgs d ON d.id = o.dealer_id
			WHERE o.id = p_id AND o.dealer_id = p_key;
		ELSE
			SELECT @order_read_id := o.id, o.number, o.dealer_id,
			    d.name_zh, d.name_en, o.status, o.version, o.total,
			    o.requested_date, o.promised_date, o.ship_to, o.note,
			    DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%sZ')
			FROM orders o JOIN orgs d ON d.id = o.dealer_id
			WHERE o.id = p_id AND p_path = 3 AND
			    o.dealer_id IN (SELECT dealer_id FROM manager_dealers
			    WHERE manager_id = p_key);
		END CASE;
	END IF;
	-- The id was set by the row just sent, never left from an earlier call.
	IF FOUND_ROWS() = 1 THEN
		SELECT product_code, quantity, options, unit_price, discount,
		    line_total
		FROM order_lines WHERE order_id = @order_read_id
		ORDER BY line_no;
		SELECT DATE_FORMAT(e.at, '%Y-%m-%dT%H:%i:%sZ'), e.status, e.note,
		    e.carrier, e.waybill, u.display_name,
		    DATE_FORMAT(e.at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i')
		FROM order_events e JOIN users u ON u.id = e.actor_user_id
		WHERE e.order_id = @order_read_id ORDER BY e.id;
	END IF;
END //
DELIMITER ;
