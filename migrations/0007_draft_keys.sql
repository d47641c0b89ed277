-- 0007_draft_keys.sql: adding lines to a draft is idempotent too.
-- A retried add (same user, same key) finds its row here and adds nothing.
CREATE TABLE draft_keys (
	user_id		BIGINT UNSIGNED NOT NULL,
	idem_key	VARCHAR(100) CHARACTER SET ascii NOT NULL,
	request_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	PRIMARY KEY (user_id, idem_key)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
