-- 0048_chains.sql: chains above dealers (issue #23, first slice).
--
-- A chain (Walmart, Gome, a department-store group) is an organisation of
-- kind 'chain' with no region; a dealer belongs to at most one chain
-- (orgs.chain_id).  Orders carry their dealer's chain, as they carry its
-- region (0009), so a chain's list is one range scan of its own covering
-- index, like a dealer's and a region's (0046): "dealer_id IN (the
-- chain's dealers)" read 20 x 199 index rows and sorted them for one page
-- of a 20-branch chain on the 1 M bench set (ANALYZE: 5.4 ms).  Unlike a
-- region, a dealer's chain can change: the change rewrites its orders'
-- chain_id in the same transaction.  Chain users hold chain_buyer,
-- chain_finance or chain_admin; a dealer's own approver dealer_approver.
-- HQ key-account staff are assigned chains (key_account_chains).
ALTER TABLE orgs
	MODIFY kind ENUM('hq','region','dealer','provider','chain') NOT NULL,
	ADD COLUMN chain_id BIGINT UNSIGNED NULL AFTER region_id,
	ADD KEY orgs_chain (chain_id, id),
	ADD CONSTRAINT orgs_chain_fk FOREIGN KEY (chain_id) REFERENCES orgs (id),
	DROP CONSTRAINT orgs_shape,
	ADD CONSTRAINT orgs_shape CHECK (
	    (kind = 'dealer' AND region_id IS NOT NULL AND dealer_kind IS NOT NULL
	        AND tier IS NOT NULL) OR
	    (kind = 'provider' AND region_id IS NOT NULL AND dealer_kind IS NULL
	        AND tier IS NULL AND chain_id IS NULL) OR
	    (kind IN ('hq','region','chain') AND region_id IS NULL AND
	        dealer_kind IS NULL AND chain_id IS NULL));

-- roles: the order of the SET is the bit order of enum role in auth.h.
ALTER TABLE users MODIFY roles SET('dealer_buyer','dealer_finance',
	'dealer_admin','account_manager','region_approver','hq_key_account',
	'finance_clerk','service_agent','admin','erp','provider_agent',
	'chain_buyer','chain_finance','chain_admin','dealer_approver')
	NOT NULL DEFAULT '';

ALTER TABLE orders
	ADD COLUMN chain_id BIGINT UNSIGNED NULL AFTER region_id,
	ADD KEY orders_chain (chain_id, id, dealer_id, number, status, total,
	    requested_date, promised_date, created_at);

CREATE TABLE key_account_chains (
	user_id		BIGINT UNSIGNED NOT NULL,
	chain_id	BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (user_id, chain_id),
	KEY key_account_chains_chain (chain_id),
	CONSTRAINT key_account_chains_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id),
	CONSTRAINT key_account_chains_chain_fk FOREIGN KEY (chain_id)
	    REFERENCES orgs (id)
) ENGINE=InnoDB;
