-- 0061_audit_trail.sql: the audit trail as a view (issue #24): whom each
-- row concerns, who may read it, and an index for every way it is read.
--
-- A row of audit_log now names the organisation its change concerns
-- (org_id: the dealer of a credit limit, the organisation of a user, the
-- owner of a contract price; NULL for HQ's own things: products,
-- promotions, news).  Who besides HQ's admin reads it is audit_reach: one
-- row per reading organisation, written in the change's transaction
-- (audit/audit.c): the organisation itself, its region, its chain; only
-- the region for what staff alone read (a credit override's reason); and
-- a dealer's old chain too when it moves.  A reader's list is one range
-- of its own rows there, in (at, id) order, so that a period is a range
-- of the same index and the page is cut by a keyset cursor, never OFFSET:
--   HQ, all		audit_at (at, id)
--   HQ, by actor	audit_actor (actor_user_id, at, id)
--   anyone, by object	audit_object (object_type, object_id, at, id),
--			with audit_reach's primary key for the others
--   anyone, by both	audit_object_actor (object_type, object_id,
--			actor_user_id, at, id), likewise
--   others, all	audit_reach PRIMARY (org_id, at, audit_id)
--   others, by actor	audit_reach_actor (org_id, actor_user_id, at, audit_id)
-- Each key of audit_reach holds its row's audit_id, so no two rows share
-- a unique key (Galera certifies each one's own).

-- A region's administrator reads its region's audit trail.  The order of
-- the SET is the bit order of enum role in auth.h.
ALTER TABLE users MODIFY roles SET('dealer_buyer','dealer_finance',
	'dealer_admin','account_manager','region_approver','hq_key_account',
	'finance_clerk','service_agent','admin','erp','provider_agent',
	'chain_buyer','chain_finance','chain_admin','dealer_approver',
	'region_admin') NOT NULL DEFAULT '';

ALTER TABLE audit_log
	ADD COLUMN org_id BIGINT UNSIGNED NULL AFTER actor_org_id,
	DROP KEY audit_object,
	DROP KEY audit_actor,
	ADD KEY audit_at (at, id),
	ADD KEY audit_object (object_type, object_id, at, id),
	ADD KEY audit_object_actor (object_type, object_id, actor_user_id, at,
	    id),
	ADD KEY audit_actor (actor_user_id, at, id);

CREATE TABLE audit_reach (
	org_id		BIGINT UNSIGNED NOT NULL,
	at		DATETIME(6) NOT NULL,
	audit_id	BIGINT UNSIGNED NOT NULL,
	actor_user_id	BIGINT UNSIGNED NULL,
	PRIMARY KEY (org_id, at, audit_id),
	KEY audit_reach_actor (org_id, actor_user_id, at, audit_id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- An organisation's changes are one object, "org", whatever changed in
-- it: the credit limit and the approval limit were "dealer" and "region".
UPDATE audit_log SET object_type = 'org'
	WHERE object_type IN ('dealer', 'region');

-- The rows written before: whom each concerns, from what it names.
UPDATE audit_log a JOIN orgs o ON o.id = CAST(a.object_id AS UNSIGNED)
	SET a.org_id = o.id WHERE a.object_type = 'org';
UPDATE audit_log a JOIN users u ON u.id = CAST(a.object_id AS UNSIGNED)
	SET a.org_id = u.org_id WHERE a.object_type = 'user';
UPDATE audit_log a JOIN orders x ON x.id = CAST(a.object_id AS UNSIGNED)
	SET a.org_id = x.dealer_id WHERE a.object_type = 'order';
UPDATE audit_log a JOIN contract_prices x ON
	x.id = CAST(a.object_id AS UNSIGNED)
	SET a.org_id = COALESCE(x.dealer_id, x.chain_id)
	WHERE a.object_type = 'contract_price';
UPDATE audit_log a JOIN api_keys x ON x.id = CAST(a.object_id AS UNSIGNED)
	SET a.org_id = x.org_id WHERE a.object_type = 'api_key';
UPDATE audit_log a JOIN ship_to_addresses x ON
	x.id = CAST(a.object_id AS UNSIGNED)
	SET a.org_id = x.dealer_id WHERE a.object_type = 'ship_to_address';

-- and who reads them: the organisation (not HQ), its region, its chain;
-- a credit override's reason is staff's, its region's alone
INSERT IGNORE INTO audit_reach (org_id, at, audit_id, actor_user_id)
	SELECT o.id, a.at, a.id, a.actor_user_id FROM audit_log a
	JOIN orgs o ON o.id = a.org_id
	WHERE o.kind <> 'hq' AND a.action <> 'order.credit_override';
INSERT IGNORE INTO audit_reach (org_id, at, audit_id, actor_user_id)
	SELECT o.region_id, a.at, a.id, a.actor_user_id FROM audit_log a
	JOIN orgs o ON o.id = a.org_id WHERE o.region_id IS NOT NULL;
INSERT IGNORE INTO audit_reach (org_id, at, audit_id, actor_user_id)
	SELECT o.chain_id, a.at, a.id, a.actor_user_id FROM audit_log a
	JOIN orgs o ON o.id = a.org_id WHERE o.chain_id IS NOT NULL AND
	a.action <> 'order.credit_override';
