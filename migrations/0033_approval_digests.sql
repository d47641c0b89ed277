-- 0033_approval_digests.sql: the approvers' daily digest (issue #20): once
-- a day (China's), each region whose orders have waited for approval more
-- than 24 hours gets one notification for its approvers.  A row per region
-- and day, written in the transaction of the digest's event, so that two
-- app nodes (or a node and the command) send one digest, not two.
CREATE TABLE approval_digests (
	region_id	BIGINT UNSIGNED NOT NULL,
	day		DATE NOT NULL,
	orders		INT UNSIGNED NOT NULL,
	at		DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	PRIMARY KEY (region_id, day),
	CONSTRAINT approval_digests_region_fk FOREIGN KEY (region_id)
	    REFERENCES orgs (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
