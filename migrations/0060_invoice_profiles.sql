-- 0060_invoice_profiles.sql: what a Chinese VAT invoice request names of
-- the buyer beside its name (issue #24, invoices as documents): its
-- unified social credit code (统一社会信用代码, 18 characters, the tax
-- number), registered address and phone, and the bank and account the
-- invoice is drawn on.  One row per dealer, made by its first change; a
-- dealer without one reads as version 0 with every field empty.
--
-- A change is conditional on the version read: the first one inserts
-- (a racer's duplicate key answers 409), later ones update "WHERE
-- version = ?" (the loser changes nothing, 409).  On Galera both racers
-- write the same row, so certification stops the second as well.  The
-- row is its own, not orgs': a change of orgs writes cache_changes and
-- makes every node forget the dealer's sessions (migration 0040).
CREATE TABLE invoice_profiles (
	dealer_id	BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	tax_number	CHAR(18) CHARACTER SET ascii COLLATE ascii_bin NULL,
	address		VARCHAR(300) NOT NULL DEFAULT '',
	phone		VARCHAR(32) CHARACTER SET ascii NOT NULL DEFAULT '',
	bank_name	VARCHAR(100) NOT NULL DEFAULT '',
	bank_account	VARCHAR(40) CHARACTER SET ascii NOT NULL DEFAULT '',
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	updated_by	BIGINT UNSIGNED NOT NULL,
	updated_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
			    ON UPDATE CURRENT_TIMESTAMP(6),
	CONSTRAINT invoice_profiles_dealer_fk FOREIGN KEY (dealer_id)
	    REFERENCES orgs (id),
	CONSTRAINT invoice_profiles_tax_number CHECK (tax_number IS NULL OR
	    tax_number REGEXP '^[0-9A-HJ-NP-RTUWXY]{18}$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
