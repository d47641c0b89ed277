-- 0029_approval_window.sql: a region's approval limit holds over a window.
--
-- The limit bounds what the region approves for one dealer within the last
-- approval_window_hours (24 by default), not one order: an order split in
-- two no longer slips under it.  Each decision carries its dealer so that
-- the window's sum is read by one index range.
ALTER TABLE orgs
	ADD COLUMN approval_window_hours SMALLINT UNSIGNED NOT NULL DEFAULT 24,
	ADD CONSTRAINT orgs_approval_window
	    CHECK (approval_window_hours BETWEEN 1 AND 720);

ALTER TABLE approvals ADD COLUMN dealer_id BIGINT UNSIGNED NULL AFTER order_id;
UPDATE approvals a JOIN orders o ON o.id = a.order_id SET a.dealer_id = o.dealer_id;
ALTER TABLE approvals
	MODIFY dealer_id BIGINT UNSIGNED NOT NULL,
	ADD KEY approvals_dealer_at (dealer_id, decision, at),
	ADD CONSTRAINT approvals_dealer_fk FOREIGN KEY (dealer_id)
	    REFERENCES orgs (id);
