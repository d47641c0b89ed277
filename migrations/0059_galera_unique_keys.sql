-- 0059_galera_unique_keys.sql: no unique key that every insert of one
-- dealer (or user, or order) shares.
--
-- Galera certifies a row's unique keys as they are written: every unique
-- key of an inserted row is an exclusive key of the write set, even when
-- part of it is NULL (only a key that is NULL in every part is left out).
-- So a unique key (dealer_id, idem_key) of rows written without a key, or
-- (po_number, dealer_id) of orders without a PO number, was one and the
-- same key for all of a dealer's such rows: two of them committed at once
-- on two nodes failed certification (1213), though InnoDB never sees NULLs
-- as duplicates.  `make cluster` measured it: 13 % of order submissions
-- lost their first commit so, and some lost four in a row (503).
--
-- Each such key is now one column that is NULL whenever a part is (CONCAT
-- of a NULL is NULL), stored, unique: the same rows are unique as before,
-- and a row without the optional part adds no key at all.  The search by
-- PO number keeps its index, no longer unique, and a foreign key that
-- leaned on a dropped key gets its own.  A unique key may still be
-- NULL in every part; tests/api/0004 refuses one that mixes the two.
ALTER TABLE orders
	ADD COLUMN po_key VARCHAR(56) CHARACTER SET utf8mb4
	    COLLATE utf8mb4_bin AS (CONCAT(dealer_id, '/', po_number))
	    STORED INVISIBLE,
	DROP KEY orders_po,
	ADD KEY orders_po (po_number, dealer_id),
	ADD UNIQUE KEY orders_po_key (po_key);

ALTER TABLE allocations
	ADD COLUMN idem_unique VARCHAR(121) CHARACTER SET ascii
	    AS (CONCAT(dealer_id, '/', idem_key)) STORED INVISIBLE,
	DROP KEY allocations_idem,
	ADD UNIQUE KEY allocations_idem (idem_unique);

ALTER TABLE api_keys
	ADD COLUMN idem_unique VARCHAR(121) CHARACTER SET ascii
	    AS (CONCAT(created_by, '/', idem_key)) STORED INVISIBLE,
	DROP KEY api_keys_idem,
	ADD UNIQUE KEY api_keys_idem (idem_unique);

ALTER TABLE webhook_subscriptions
	ADD COLUMN idem_unique VARCHAR(121) CHARACTER SET ascii
	    AS (CONCAT(created_by, '/', idem_key)) STORED INVISIBLE,
	DROP KEY webhook_subscriptions_idem,
	ADD KEY webhook_subscriptions_user (created_by),
	ADD UNIQUE KEY webhook_subscriptions_idem (idem_unique);

-- A contract price is a dealer's or a chain's (exactly one is set): one
-- key for both, never NULL; the two keys stay, not unique, for the
-- pricing's reads and the foreign keys.
ALTER TABLE contract_prices
	ADD COLUMN idem_unique VARCHAR(121) CHARACTER SET ascii
	    AS (CONCAT(created_by, '/', idem_key)) STORED INVISIBLE,
	ADD COLUMN owner_unique VARCHAR(80) CHARACTER SET ascii
	    AS (CONCAT(COALESCE(CONCAT('d', dealer_id), CONCAT('c', chain_id)),
	    '/', product_id, '/', min_qty, '/', valid_from)) STORED INVISIBLE,
	DROP KEY contract_prices_idem,
	ADD KEY contract_prices_user (created_by),
	ADD UNIQUE KEY contract_prices_idem (idem_unique),
	DROP KEY contract_prices_dealer,
	ADD KEY contract_prices_dealer (dealer_id, product_id, min_qty,
	    valid_from),
	DROP KEY contract_prices_chain,
	ADD KEY contract_prices_chain (chain_id, product_id, min_qty,
	    valid_from),
	ADD UNIQUE KEY contract_prices_owner_key (owner_unique);

ALTER TABLE returns
	ADD COLUMN idem_unique VARCHAR(121) CHARACTER SET ascii
	    AS (CONCAT(dealer_id, '/', idem_key)) STORED INVISIBLE,
	DROP KEY returns_key,
	ADD UNIQUE KEY returns_key (idem_unique);

ALTER TABLE shipments
	ADD COLUMN idem_unique VARCHAR(121) CHARACTER SET ascii
	    AS (CONCAT(order_id, '/', idem_key)) STORED INVISIBLE,
	DROP KEY shipments_key,
	ADD UNIQUE KEY shipments_key (idem_unique);

ALTER TABLE ship_to_addresses
	ADD COLUMN idem_unique VARCHAR(121) CHARACTER SET ascii
	    AS (CONCAT(dealer_id, '/', idem_key)) STORED INVISIBLE,
	DROP KEY ship_to_key,
	ADD UNIQUE KEY ship_to_key (idem_unique);
