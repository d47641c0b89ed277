-- 0036_provider_keys.sql: the Idempotency-Keys of the service network's
-- administration (issue #21).
--
-- Creating a provider (its orgs row, profile and areas) or one of its
-- agents is keyed by the caller's Idempotency-Key, as every creating POST
-- is: the same request again answers with what the first made; the same
-- key with another request is refused.  One row per key of a user; the
-- row is written in the creating transaction, so two racers with one key
-- collide on this primary key (and on Galera in certification).
CREATE TABLE provider_keys (
	user_id		BIGINT UNSIGNED NOT NULL,
	idem_key	VARCHAR(100) CHARACTER SET ascii NOT NULL,
	request_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	object_id	BIGINT UNSIGNED NOT NULL,	-- the provider or the agent
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	PRIMARY KEY (user_id, idem_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
