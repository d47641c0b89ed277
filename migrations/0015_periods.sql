-- 0015_periods.sql: closing a month, and the statements it produces.
-- A posting holds the posting lock shared while it picks its period; a
-- close holds it exclusively: so a posting lands wholly before a close
-- (and in its statements) or wholly after (in the next open period).

CREATE TABLE posting_lock (
	id		TINYINT UNSIGNED NOT NULL PRIMARY KEY
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
INSERT INTO posting_lock (id) VALUES (1);

-- A row: a closed month.
CREATE TABLE periods (
	period		CHAR(7) CHARACTER SET ascii NOT NULL PRIMARY KEY,
	closed_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	closed_by	BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

CREATE TABLE statements (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	dealer_id	BIGINT UNSIGNED NOT NULL,
	period		CHAR(7) CHARACTER SET ascii NOT NULL,
	opening_balance	BIGINT NOT NULL,
	entries_total	BIGINT NOT NULL,
	closing_balance	BIGINT NOT NULL,
	entry_count	INT UNSIGNED NOT NULL,
	status		ENUM('open','confirmed','disputed','resolved') NOT NULL
			    DEFAULT 'open',
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	UNIQUE KEY statements_dealer_period (dealer_id, period),
	KEY statements_period_status (period, status, dealer_id),
	CONSTRAINT statements_dealer_fk FOREIGN KEY (dealer_id)
	    REFERENCES orgs (id),
	-- closing = opening + the period's entries, checked when written
	CONSTRAINT statements_sum CHECK (closing_balance = opening_balance +
	    entries_total)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
