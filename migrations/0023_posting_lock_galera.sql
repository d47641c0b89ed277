-- 0023_posting_lock_galera.sql: the posting lock, held across Galera nodes.
--
-- Row locks are a node's own: a posting on one node and a month's close on
-- another would not wait for each other, and a posting could land in a month
-- whose statements were already written.  So every ledger entry refers to the
-- lock's row by a foreign key, and a close writes that row.  On one server
-- the key's check holds the row shared, as the posting's own locking read
-- does.  On Galera the check puts a reference key to the row in the
-- posting's write set, and the close's write an update key: of a posting
-- and a close that overlap on two nodes, one fails certification (1213) and
-- runs again (measured: tests/cluster, RELIABILITY.md).  Postings do not
-- collide with each other.
ALTER TABLE posting_lock
	ADD COLUMN version BIGINT UNSIGNED NOT NULL DEFAULT 0;

ALTER TABLE ledger_entries
	ADD COLUMN posting_lock_id TINYINT UNSIGNED NOT NULL DEFAULT 1,
	ADD CONSTRAINT ledger_posting_lock_fk FOREIGN KEY (posting_lock_id)
	    REFERENCES posting_lock (id);
