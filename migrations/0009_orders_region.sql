-- 0009_orders_region.sql: an order carries its dealer's region, so region
-- staff's lists read an index of their region's orders instead of every
-- order checked against its dealer.  A dealer's region never changes (no
-- API moves one), so the copy cannot go stale.
ALTER TABLE orders ADD COLUMN region_id BIGINT UNSIGNED NULL AFTER dealer_id;

UPDATE orders o JOIN orgs d ON d.id = o.dealer_id SET o.region_id = d.region_id;

ALTER TABLE orders
	MODIFY region_id BIGINT UNSIGNED NOT NULL,
	ADD KEY orders_region (region_id, id),
	ADD KEY orders_region_status (region_id, status, id),
	ADD KEY orders_region_promised (region_id, promised_date, id);
