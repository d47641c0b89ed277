-- 0010_approval.sql: review and approval (DESIGN §3.3): the region's
-- approval limit, each dealer's credit limit on a row of its own that an
-- approval locks, the record of every decision, and the append-only
-- ledger (DESIGN §4) whose balance is half of a dealer's exposure.

-- A region approves an order alone only up to this value (fen); above it
-- the order goes to HQ.  0: every order of the region goes to HQ.
ALTER TABLE orgs ADD COLUMN approval_limit BIGINT NOT NULL DEFAULT 0,
	ADD CONSTRAINT orgs_approval_limit CHECK (approval_limit >= 0);

-- The row an approval writes (decisions + 1) before it sums the dealer's
-- exposure, so two approvals of one dealer's orders run one after the
-- other and cannot both pass a limit only one fits: on one server by the
-- row lock, on Galera because both write the row and one fails
-- certification.  No row: a limit of 0.
CREATE TABLE dealer_credit (
	dealer_id	BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	credit_limit	BIGINT NOT NULL DEFAULT 0,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	decisions	BIGINT UNSIGNED NOT NULL DEFAULT 0,
	updated_by	BIGINT UNSIGNED NULL,
	updated_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
			    ON UPDATE CURRENT_TIMESTAMP(6),
	CONSTRAINT dealer_credit_dealer_fk FOREIGN KEY (dealer_id)
	    REFERENCES orgs (id),
	CONSTRAINT dealer_credit_limit CHECK (credit_limit >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

INSERT INTO dealer_credit (dealer_id) SELECT id FROM orgs WHERE kind = 'dealer';

-- Every decision on an order, with the figures it was taken on.
CREATE TABLE approvals (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	order_id	BIGINT UNSIGNED NOT NULL,
	decision	ENUM('approved','rejected','escalated') NOT NULL,
	actor_user_id	BIGINT UNSIGNED NOT NULL,
	reason		VARCHAR(1000) NOT NULL DEFAULT '',
	promised_date	DATE NULL,
	override_credit	TINYINT(1) NOT NULL DEFAULT 0,
	order_value	BIGINT NOT NULL,
	credit_limit	BIGINT NOT NULL,
	exposure	BIGINT NOT NULL,	-- before this order
	approval_limit	BIGINT NULL,		-- the region's, for its decisions
	at		DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	KEY approvals_order (order_id, id),
	CONSTRAINT approvals_order_fk FOREIGN KEY (order_id)
	    REFERENCES orders (id),
	CONSTRAINT approvals_actor_fk FOREIGN KEY (actor_user_id)
	    REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The ledger: append-only, signed fen, positive = the dealer owes.
CREATE TABLE ledger_entries (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	dealer_id	BIGINT UNSIGNED NOT NULL,
	kind		ENUM('invoice','payment','credit_note','rebate','fee',
			    'adjustment') NOT NULL,
	amount		BIGINT NOT NULL,
	posted_on	DATE NOT NULL,
	period		CHAR(7) CHARACTER SET ascii NOT NULL,	-- YYYY-MM
	reference	VARCHAR(64) NOT NULL DEFAULT '',
	memo		VARCHAR(500) NOT NULL DEFAULT '',
	actor_user_id	BIGINT UNSIGNED NOT NULL,
	reverses_id	BIGINT UNSIGNED NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	KEY ledger_dealer (dealer_id, id),
	KEY ledger_dealer_amount (dealer_id, amount),	-- a balance from the index
	KEY ledger_dealer_period (dealer_id, period, id),
	CONSTRAINT ledger_dealer_fk FOREIGN KEY (dealer_id) REFERENCES orgs (id),
	CONSTRAINT ledger_reverses_fk FOREIGN KEY (reverses_id)
	    REFERENCES ledger_entries (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
	FOR EACH ROW SIGNAL SQLSTATE '45000'
	SET MESSAGE_TEXT = 'ledger entries are never updated';

CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
	FOR EACH ROW SIGNAL SQLSTATE '45000'
	SET MESSAGE_TEXT = 'ledger entries are never deleted';

-- Exposure sums a dealer's approved, not yet invoiced orders; the queues
-- page by value as well as by age.
ALTER TABLE orders
	ADD KEY orders_dealer_status (dealer_id, status, total),
	ADD KEY orders_region_status_total (region_id, status, total, id),
	ADD KEY orders_status_total (status, total, id);
