-- 0016_disputes.sql: a dealer's finance user confirms a statement or
-- disputes chosen lines of it; a dispute opens a billing complaint, and a
-- finance clerk settles it with an adjustment (posted in the next open
-- period) or rejects it with a reason.

-- A statement belongs to the region that had the dealer when the month
-- closed.  The dealer's months, newest first; a month's statements by
-- dealer, and by region.
ALTER TABLE statements
	ADD COLUMN region_id	BIGINT UNSIGNED NOT NULL DEFAULT 0 AFTER dealer_id,
	ADD COLUMN confirmed_by	BIGINT UNSIGNED NULL,
	ADD COLUMN confirmed_at	DATETIME(6) NULL,
	ADD KEY statements_dealer (dealer_id, id),
	ADD KEY statements_period_dealer (period, dealer_id),
	ADD KEY statements_period_region (period, region_id, dealer_id),
	ADD KEY statements_period_region_status (period, region_id, status,
	    dealer_id);
UPDATE statements s JOIN orgs d ON d.id = s.dealer_id
	SET s.region_id = d.region_id;

-- How many of a month's statements of a region are in each status: kept
-- by the close and by every move, in their transactions, so the overview
-- reads a few rows however many dealers there are.
CREATE TABLE statement_tally (
	period		CHAR(7) CHARACTER SET ascii NOT NULL,
	region_id	BIGINT UNSIGNED NOT NULL,
	status		ENUM('open','confirmed','disputed','resolved') NOT NULL,
	n		INT NOT NULL,
	PRIMARY KEY (period, region_id, status),
	CONSTRAINT statement_tally_n CHECK (n >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
INSERT INTO statement_tally (period, region_id, status, n)
	SELECT period, region_id, status, COUNT(*) FROM statements
	GROUP BY period, region_id, status;

-- At most one dispute a statement; it is the complaint's, one to one.
CREATE TABLE statement_disputes (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	statement_id	BIGINT UNSIGNED NOT NULL,
	complaint_id	BIGINT UNSIGNED NOT NULL,
	reason		VARCHAR(1000) NOT NULL,
	request_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	filed_by	BIGINT UNSIGNED NOT NULL,
	filed_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	outcome		ENUM('adjusted','rejected') NULL,
	resolution	VARCHAR(1000) NOT NULL DEFAULT '',
	adjustment_id	BIGINT UNSIGNED NULL,
	resolved_by	BIGINT UNSIGNED NULL,
	resolved_at	DATETIME(6) NULL,
	UNIQUE KEY statement_disputes_statement (statement_id),
	UNIQUE KEY statement_disputes_complaint (complaint_id),
	CONSTRAINT statement_disputes_statement_fk FOREIGN KEY (statement_id)
	    REFERENCES statements (id),
	CONSTRAINT statement_disputes_complaint_fk FOREIGN KEY (complaint_id)
	    REFERENCES complaints (id),
	CONSTRAINT statement_disputes_adjustment_fk FOREIGN KEY (adjustment_id)
	    REFERENCES ledger_entries (id),
	-- an adjustment settles with its entry, a rejection without one
	CONSTRAINT statement_disputes_settled CHECK (outcome IS NULL OR
	    (outcome = 'adjusted') = (adjustment_id IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The lines disputed: entries of the statement's dealer and period.
CREATE TABLE statement_dispute_lines (
	dispute_id	BIGINT UNSIGNED NOT NULL,
	entry_id	BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (dispute_id, entry_id),
	KEY statement_dispute_lines_entry (entry_id),
	CONSTRAINT statement_dispute_lines_dispute_fk FOREIGN KEY (dispute_id)
	    REFERENCES statement_disputes (id),
	CONSTRAINT statement_dispute_lines_entry_fk FOREIGN KEY (entry_id)
	    REFERENCES ledger_entries (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
