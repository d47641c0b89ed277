-- 0008_orders_promised.sql: the delivery-date query (due and late
-- orders by promised date, for one dealer or many) reads an index, not
-- every dealer.  Found by tests/index (EXPLAIN on the bench data set).
ALTER TABLE orders
	ADD KEY orders_promised (promised_date, id),
	ADD KEY orders_dealer_promised (dealer_id, promised_date, id);
