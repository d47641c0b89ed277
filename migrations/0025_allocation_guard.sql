-- 0025_allocation_guard.sql: what is open on a payment or an invoice is a
-- row that every allocation and every reversal of the entry writes.
--
-- An allocation used to lock the two ledger entries (FOR UPDATE) and sum the
-- allocations in subqueries; those sums read the transaction's snapshot,
-- which could predate a competing allocation that committed while this one
-- waited, and on Galera two inserts into allocations do not conflict at all:
-- a payment was matched for twice its amount.  Now each matchable entry (an
-- original invoice, amount > 0, or an original payment, amount < 0) has one
-- row here, written by a conditional UPDATE (allocated + amount <= total):
-- on one server the second racer waits for the row and re-reads it; on
-- Galera the two write sets share its key and certification aborts one.
-- Ledger entries themselves are never updated, hence a row of its own.
--
-- A row is written by the first allocation or reversal of its entry (the
-- postings do not change); no row means nothing matched and not reversed.
-- The rows of entries matched or reversed before this migration are written
-- below.
CREATE TABLE ledger_entry_open (
	entry_id	BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	dealer_id	BIGINT UNSIGNED NOT NULL,
	side		ENUM('invoice','payment') NOT NULL,
	total		BIGINT NOT NULL,		-- |amount| of the entry
	allocated	BIGINT NOT NULL DEFAULT 0,	-- live allocations
	reversed_by	BIGINT UNSIGNED NULL,		-- nothing open once set
	version		BIGINT UNSIGNED NOT NULL DEFAULT 0,
	CONSTRAINT ledger_entry_open_entry_fk FOREIGN KEY (entry_id)
	    REFERENCES ledger_entries (id),
	CONSTRAINT ledger_entry_open_reversal_fk FOREIGN KEY (reversed_by)
	    REFERENCES ledger_entries (id),
	-- the last word: never more allocated than the entry's amount
	CONSTRAINT ledger_entry_open_bounds CHECK (allocated >= 0 AND
	    allocated <= total)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- A reversal releases its entry's allocations: recorded on them, not
-- deleted.  An allocation is idempotent by the Idempotency-Key per dealer;
-- its answer (what stayed open on either side) is kept for the replay.
ALTER TABLE allocations
	ADD COLUMN released_by BIGINT UNSIGNED NULL,
	ADD COLUMN released_at DATETIME(6) NULL,
	ADD COLUMN idem_key VARCHAR(100) NULL,
	ADD COLUMN request_hash CHAR(64) NULL,
	ADD COLUMN payment_open BIGINT NULL,
	ADD COLUMN invoice_open BIGINT NULL,
	ADD UNIQUE KEY allocations_idem (dealer_id, idem_key),
	ADD KEY allocations_released (released_by),
	ADD CONSTRAINT allocations_released_fk FOREIGN KEY (released_by)
	    REFERENCES ledger_entries (id);

-- Allocations of entries already reversed were never released: release
-- them now, by the reversal, so the other side's money is free again.
UPDATE allocations a JOIN ledger_entries r ON r.reverses_id = a.invoice_id
SET a.released_by = r.id, a.released_at = r.created_at
WHERE a.released_by IS NULL;
UPDATE allocations a JOIN ledger_entries r ON r.reverses_id = a.payment_id
SET a.released_by = r.id, a.released_at = r.created_at
WHERE a.released_by IS NULL;

-- An entry the old race matched beyond its amount counts as used up (the
-- excess stays visible in allocations).
INSERT INTO ledger_entry_open (entry_id, dealer_id, side, total, allocated,
    reversed_by)
SELECT l.id, l.dealer_id, l.kind, ABS(l.amount), LEAST(ABS(l.amount),
    IF(l.kind = 'invoice',
	COALESCE((SELECT SUM(a.amount) FROM allocations a
	    WHERE a.invoice_id = l.id AND a.released_by IS NULL), 0),
	COALESCE((SELECT SUM(a.amount) FROM allocations a
	    WHERE a.payment_id = l.id AND a.released_by IS NULL), 0))),
    (SELECT r.id FROM ledger_entries r WHERE r.reverses_id = l.id)
FROM ledger_entries l
WHERE l.reverses_id IS NULL AND ((l.kind = 'invoice' AND l.amount > 0) OR
    (l.kind = 'payment' AND l.amount < 0));

-- References are compared byte for byte: a payment whose bank reference
-- differs from another's only in case, width or trailing spaces is another
-- payment, not a replay of the first (nopad: trailing spaces count).  The
-- table's other text takes the same collation, so that an expression over
-- two of its columns (CONCAT_WS(reference, memo)) does not mix collations.
ALTER TABLE ledger_entries
	DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
	MODIFY kind ENUM('invoice','payment','credit_note','rebate','fee',
	    'adjustment') CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin
	    NOT NULL,
	MODIFY reference VARCHAR(64) CHARACTER SET utf8mb4
	    COLLATE utf8mb4_nopad_bin NOT NULL DEFAULT '',
	MODIFY memo VARCHAR(500) CHARACTER SET utf8mb4
	    COLLATE utf8mb4_nopad_bin NOT NULL DEFAULT '';

-- The feed names a ledger entry by its reference: as long and in the same
-- characters as the reference (an ascii 32 made a 33-character or Chinese
-- bank reference a 500); binary like the payload's JSON beside it.
ALTER TABLE feed_events
	MODIFY object_ref VARCHAR(64) CHARACTER SET utf8mb4
	    COLLATE utf8mb4_bin NOT NULL;
