-- 0021_orders_late.sql: the orders late against their promised date in a
-- window, counted for HQ or a region from an index alone (the dashboard).
ALTER TABLE orders
	ADD KEY orders_status_promised (status, promised_date),
	ADD KEY orders_region_status_promised (region_id, status, promised_date);
