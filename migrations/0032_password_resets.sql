-- 0032_password_resets.sql: "forgot my password" by e-mail (issue #20).
--
-- A request makes a one-time token, kept only as its SHA-256, good for 30
-- minutes and one use; it travels in an e-mail to the user alone (a
-- notify_events row aimed at one user: user_id), whose token is scrubbed
-- from the event once its message is sent or dead.  Using it sets the
-- password, ends every session, and spends every other token of the user.
-- requested_from (the address) bounds how many one address may ask for.
--
-- A request itself is only a password_reset_requests row, the same for an
-- address that belongs to nobody, so that the answer takes as long either
-- way; the recovery tick takes each row (a delete: two nodes cannot both
-- take it) and, for a known address within the limits, makes the link.

ALTER TABLE notify_events
	ADD COLUMN user_id BIGINT UNSIGNED NULL AFTER dealer_id;

CREATE TABLE password_resets (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id		BIGINT UNSIGNED NOT NULL,
	token_hash	BINARY(32) NOT NULL,
	requested_from	VARCHAR(64) CHARACTER SET ascii NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	expires_at	DATETIME(6) NOT NULL,
	used_at		DATETIME(6) NULL,
	UNIQUE KEY password_resets_token (token_hash),
	KEY password_resets_user (user_id, created_at),
	KEY password_resets_from (requested_from, created_at),
	CONSTRAINT password_resets_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE password_reset_requests (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	email		VARCHAR(254) NOT NULL,
	requested_from	VARCHAR(64) CHARACTER SET ascii NOT NULL,
	at		DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
