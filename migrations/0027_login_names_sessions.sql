-- 0027_login_names_sessions.sql: sign-in failures per login name, known or
-- not, under a keyed hash; and one row per session (refresh-token family).
--
-- Failures per name used to live on the user row for known logins and in
-- login_failures under "n:<login>" for unknown ones, so the two backed off
-- differently (a lock told which logins exist) and a non-ASCII login could
-- not be stored in the ASCII key at all (503 for unknown, 401 for known).
-- Now every name is counted here under HMAC-SHA256(key from the app's
-- secret, login): one path, whatever the name, and no list of tried names
-- in the clear.  users.failed_logins and users.locked_until stay (forward
-- only) but are no longer read.
CREATE TABLE login_names (
	name_key	BINARY(32) NOT NULL PRIMARY KEY,
	failures	INT UNSIGNED NOT NULL DEFAULT 0,
	locked_until	DATETIME(6) NULL,
	updated_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
			    ON UPDATE CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB;

DELETE FROM login_failures WHERE addr LIKE 'n:%';

-- A session is one sign-in: its refresh tokens share a family.  Access
-- tokens carry the session's id ("sid"), and a request's check of its
-- token reads that the session has not ended, so ending a session (sign
-- out, "end" on the account page, a replayed refresh token) ends its
-- access token at once, not when it expires.  user_agent and addr are
-- what the client last sent (ASCII, cut to size), for the account page.
CREATE TABLE sessions (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id		BIGINT UNSIGNED NOT NULL,
	family		CHAR(32) CHARACTER SET ascii NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	last_used_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	user_agent	VARCHAR(200) CHARACTER SET ascii NOT NULL DEFAULT '',
	addr		VARCHAR(64) CHARACTER SET ascii NOT NULL DEFAULT '',
	ended_at	DATETIME(6) NULL,
	UNIQUE KEY sessions_family (family),
	KEY sessions_user (user_id, ended_at, id),
	CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- The families alive now become sessions, so nobody is signed out.
INSERT INTO sessions (user_id, family, created_at, last_used_at)
SELECT MIN(user_id), family, MIN(created_at), MAX(created_at)
FROM refresh_tokens
WHERE revoked_at IS NULL AND expires_at > NOW(6)
GROUP BY family;
