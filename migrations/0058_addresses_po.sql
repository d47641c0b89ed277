-- 0058_addresses_po.sql: the dealer's ship-to address book and its PO
-- numbers (issue #23).
--
-- A dealer keeps named ship-to addresses (contact and phone with each),
-- one of them its default.  An order takes one by id: its text is copied
-- into orders.ship_to, so the order keeps what it was sent to whatever
-- later happens to the address.  default_of holds the dealer's id on its
-- default address only (NULL on every other, and on a deactivated one),
-- so the UNIQUE key allows one default per dealer whatever writes.  The
-- count per dealer (200 active) is checked by the operation after it
-- writes the dealer's ship_to_books row, which every write of the
-- dealer's book writes first (STYLE: guards that hold on Galera).
CREATE TABLE ship_to_addresses (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	dealer_id	BIGINT UNSIGNED NOT NULL,
	name		VARCHAR(100) NOT NULL,
	contact		VARCHAR(100) NOT NULL,
	phone		VARCHAR(32) CHARACTER SET ascii NOT NULL,
	address		VARCHAR(300) NOT NULL,
	is_default	TINYINT(1) NOT NULL DEFAULT 0,
	active		TINYINT(1) NOT NULL DEFAULT 1,
	default_of	BIGINT UNSIGNED AS (IF(is_default = 1 AND active = 1,
			    dealer_id, NULL)) PERSISTENT,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_by	BIGINT UNSIGNED NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	idem_key	VARCHAR(100) CHARACTER SET ascii NULL,
	request_hash	CHAR(64) CHARACTER SET ascii NULL,
	UNIQUE KEY ship_to_default (default_of),
	UNIQUE KEY ship_to_key (dealer_id, idem_key),
	KEY ship_to_dealer (dealer_id, active, id),
	CONSTRAINT ship_to_dealer_fk FOREIGN KEY (dealer_id)
	    REFERENCES orgs (id),
	CONSTRAINT ship_to_name CHECK (CHAR_LENGTH(name) BETWEEN 1 AND 100),
	CONSTRAINT ship_to_contact CHECK (CHAR_LENGTH(contact) BETWEEN 1
	    AND 100),
	CONSTRAINT ship_to_phone CHECK (phone REGEXP '^[0-9+ -]{3,32}$'),
	CONSTRAINT ship_to_address CHECK (CHAR_LENGTH(address) BETWEEN 1
	    AND 300),
	CONSTRAINT ship_to_default_active CHECK (is_default = 0 OR active = 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE ship_to_books (
	dealer_id	BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	writes		BIGINT UNSIGNED NOT NULL DEFAULT 0,
	CONSTRAINT ship_to_books_dealer_fk FOREIGN KEY (dealer_id)
	    REFERENCES orgs (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- ship_to takes an address's copied text (name, contact, phone and the
-- address, and a remark typed with it): longer than the 300 characters
-- a typed address is still held to.  Both lengths keep the column's
-- two-byte length, so the change is done in place.
--
-- po_number: the dealer's purchase order number, unique per dealer when
-- given (NULL as often as wanted), compared byte for byte.  The unique
-- key leads with it so that a search by PO number (GET /api/v1/orders?po=)
-- reads it in any scope, one dealer's or a chain's or a region's.  The
-- list's covering indexes (0046, 0048) carry it, as the list shows it.
ALTER TABLE orders
	MODIFY ship_to VARCHAR(900) NOT NULL,
	ADD COLUMN po_number VARCHAR(35) CHARACTER SET utf8mb4
	    COLLATE utf8mb4_bin NULL AFTER ship_to,
	ADD CONSTRAINT orders_po_number CHECK (po_number IS NULL OR
	    CHAR_LENGTH(po_number) BETWEEN 1 AND 35),
	ADD UNIQUE KEY orders_po (po_number, dealer_id),
	DROP KEY orders_dealer,
	ADD KEY orders_dealer (dealer_id, id, number, status, total,
	    requested_date, promised_date, created_at, po_number),
	DROP KEY orders_region,
	ADD KEY orders_region (region_id, id, dealer_id, number, status,
	    total, requested_date, promised_date, created_at, po_number),
	DROP KEY orders_chain,
	ADD KEY orders_chain (chain_id, id, dealer_id, number, status, total,
	    requested_date, promised_date, created_at, po_number);

-- The invoice a shipment posts carries its order's PO number, written
-- with the entry (entries are never updated); NULL on every other entry.
ALTER TABLE ledger_entries
	ADD COLUMN po_number VARCHAR(35) CHARACTER SET utf8mb4
	    COLLATE utf8mb4_bin NULL;
