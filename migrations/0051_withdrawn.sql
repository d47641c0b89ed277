-- 0051_withdrawn.sql: an order its buyer cancels while it waits for the
-- dealer's own release is 'withdrawn' (issue #23): like 'awaiting_release'
-- and 'sent_back' it never reached the maker's side, and staff never read
-- it (ORDERS_RELEASED).  Appended to the ENUM: the instant kind of change.
-- (From this migration on, the lower of a dealer's own release limit and
-- its chain's holds, not the dealer's alone as 0049 says: a branch cannot
-- raise its chain's.)
ALTER TABLE orders
	MODIFY status ENUM('submitted','approved','rejected','escalated',
	    'scheduled','in_production','shipped','delivered','closed',
	    'cancelled','awaiting_release','sent_back','withdrawn') NOT NULL
	    DEFAULT 'submitted';
