-- 0026_ledger_months.sql: a row per dealer and month that every posting
-- writes and a month's close writes too.
--
-- On Galera the posting lock of migration 0023 did not hold: a close's
-- update of the lock's row and a posting's foreign-key reference to it are
-- not a certification conflict, so a posting whose commit was in flight
-- while the close ran could land in the closed month after its statements
-- were written.  Now each posting adds itself to the row of its dealer and
-- month (the trigger below, in the posting's own transaction), and the
-- close's first step writes that row for every dealer of the month: a
-- posting of the month that the close did not see and the close write the
-- same row, so one of the two fails certification (1213) and runs again.
-- Postings of different dealers or months do not meet.
--
-- The row also keeps the month's count and sum of the dealer's entries, so
-- a close reads a row per dealer, not the ledger: a statement's opening is
-- the previous statement's closing (for a dealer's first one, the sum of
-- its earlier months' rows), its entries total this month's row.
CREATE TABLE ledger_months (
	dealer_id	BIGINT UNSIGNED NOT NULL,
	period		CHAR(7) CHARACTER SET ascii NOT NULL,	-- YYYY-MM
	n		INT UNSIGNED NOT NULL DEFAULT 0,	-- entries
	total		BIGINT NOT NULL DEFAULT 0,		-- their sum, fen
	closes		INT UNSIGNED NOT NULL DEFAULT 0,	-- closes written
	PRIMARY KEY (dealer_id, period),
	CONSTRAINT ledger_months_dealer_fk FOREIGN KEY (dealer_id)
	    REFERENCES orgs (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

INSERT INTO ledger_months (dealer_id, period, n, total)
	SELECT dealer_id, period, COUNT(*), SUM(amount) FROM ledger_entries
	GROUP BY dealer_id, period;

-- Every way into the ledger (a posting, an invoice, a reversal, a settled
-- dispute, the seeds) counts itself; entries are never updated or deleted.
CREATE TRIGGER ledger_entries_month AFTER INSERT ON ledger_entries
	FOR EACH ROW INSERT INTO ledger_months (dealer_id, period, n, total)
	VALUES (NEW.dealer_id, NEW.period, 1, NEW.amount)
	ON DUPLICATE KEY UPDATE n = n + 1, total = total + NEW.amount;
