-- 0028_api_keys.sql: API keys for machine clients (the ERP, a chain's systems).
--
-- A key acts as one user (its machine user) on /api/v1 only, limited to the
-- capabilities it was given.  Only the SHA-256 of the key is kept, as binary,
-- and a request finds its key by that hash; the key itself is shown once, when
-- it is made.  prefix is the key's public part, for the lists.  last_used_at
-- is written at most once a minute.  Creation is idempotent per creator by
-- the Idempotency-Key header.
CREATE TABLE api_keys (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id		BIGINT UNSIGNED NOT NULL,
	org_id		BIGINT UNSIGNED NOT NULL,
	name		VARCHAR(100) NOT NULL,
	prefix		CHAR(12) CHARACTER SET ascii NOT NULL,
	key_hash	BINARY(32) NOT NULL,
	capabilities	SET('read','feed:read','orders:track','ledger:post',
			    'stock:write','sellthrough:write') NOT NULL,
	created_by	BIGINT UNSIGNED NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	last_used_at	DATETIME NULL,
	revoked_at	DATETIME(6) NULL,
	revoked_by	BIGINT UNSIGNED NULL,
	idem_key	VARCHAR(100) CHARACTER SET ascii NULL,
	request_hash	CHAR(64) CHARACTER SET ascii NULL,
	UNIQUE KEY api_keys_hash (key_hash),
	UNIQUE KEY api_keys_idem (created_by, idem_key),
	KEY api_keys_org (org_id, id),
	KEY api_keys_user (user_id),
	CONSTRAINT api_keys_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
	CONSTRAINT api_keys_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
