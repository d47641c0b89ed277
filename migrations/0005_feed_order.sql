-- 0005_feed_order.sql: the feed's commit order.
--
-- Auto-increment ids are handed out at INSERT and committed in any order,
-- so a reader paging by id could step past an id that commits later.
-- Instead the feed reader gives each committed event a sequence number,
-- under the lock of the one sequencer row, in the transaction that also
-- moves that row on: sequence numbers become visible in the order they
-- are given, and an event is only ever served once it has one.
ALTER TABLE feed_events
	ADD COLUMN seq BIGINT UNSIGNED NULL,
	ADD UNIQUE KEY feed_events_seq (seq);

CREATE TABLE feed_sequencer (
	id		TINYINT UNSIGNED NOT NULL PRIMARY KEY,
	last_seq	BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

INSERT INTO feed_sequencer (id, last_seq) VALUES (1, 0);
