-- 0049_release.sql: the dealer's own approval step (issue #23).
--
-- A dealer's admin, or its chain's, sets release_limit (fen): a buyer's
-- order above it waits, as 'awaiting_release', for the dealer's approver
-- (role dealer_approver, of the dealer or of its chain) before it reaches
-- the region; below or at it, or with no limit (NULL), it goes straight
-- through as 'submitted'.  The dealer's own limit wins over its chain's.
-- An approver releases it (it becomes 'submitted' and reaches the
-- region's queue) or sends it back ('sent_back', with a reason).  The
-- region, the account managers and HQ never read an order in either
-- state: their statements' variants leave them out.  Both values go at
-- the end of the ENUM, so the change is MariaDB's instant kind.
ALTER TABLE orgs
	ADD COLUMN release_limit BIGINT NULL,
	ADD CONSTRAINT orgs_release_limit CHECK (release_limit IS NULL OR
	    (release_limit >= 0 AND kind IN ('dealer', 'chain')));

ALTER TABLE orders
	MODIFY status ENUM('submitted','approved','rejected','escalated',
	    'scheduled','in_production','shipped','delivered','closed',
	    'cancelled','awaiting_release','sent_back') NOT NULL
	    DEFAULT 'submitted';
