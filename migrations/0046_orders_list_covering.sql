-- 0046_orders_list_covering.sql: the order list's two busiest indexes
-- carry the list's columns, so a page of 50 is one range scan of the index
-- instead of 50 more descents of the primary key (issue #22).
--
-- A dealer's list reads orders_dealer, a region's orders_region (both
-- newest first by id, orders_db.c).  With the columns the list shows
-- (the dealer, number, status, total, the two dates, created_at) after
-- (owner, id),
-- MariaDB answers from the index alone ("Using index"): on the 1 M bench
-- set, 8,000 first pages of one dealer took 0.69 s without and 0.52 s
-- with it (mariadb-slap, 4 clients).  Every query that read the narrow
-- indexes reads their prefix as before; the names stay, as the lists'
-- FORCE INDEX hints name them.
ALTER TABLE orders
	DROP KEY orders_dealer,
	ADD KEY orders_dealer (dealer_id, id, number, status, total,
	    requested_date, promised_date, created_at),
	DROP KEY orders_region,
	ADD KEY orders_region (region_id, id, dealer_id, number, status,
	    total, requested_date, promised_date, created_at),
	ALGORITHM = INPLACE, LOCK = NONE;
