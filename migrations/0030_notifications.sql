-- 0030_notifications.sql: what the portal tells people, and the outbox that
-- carries it out (issue #20, first slice: the portal and e-mail).
--
-- A change that notifies writes one notify_events row in its own
-- transaction (as it writes its feed event): nothing for a change that
-- rolls back, nothing lost for one that commits.  The delivery worker then
-- fans each event out, once (claimed by fanned_at, a conditional update
-- that two app nodes cannot both win), into a notification per recipient
-- (the portal's list) and an outbox row per message to send; outbox rows
-- are claimed the same way, sent, and retried with backoff until sent or
-- dead.  Every attempt is kept in outbox_attempts.

-- An address belongs to one user at most: a password reset must know whose.
ALTER TABLE users
	ADD COLUMN email	VARCHAR(254) NULL AFTER lang,
	ADD COLUMN mobile	VARCHAR(20) CHARACTER SET ascii NULL AFTER email,
	ADD UNIQUE KEY users_email (email);

CREATE TABLE notify_events (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	at		DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	kind		VARCHAR(40) CHARACTER SET ascii NOT NULL,
	object_type	VARCHAR(16) CHARACTER SET ascii NOT NULL,
	object_ref	VARCHAR(32) CHARACTER SET ascii NOT NULL,
	dealer_id	BIGINT UNSIGNED NULL,
	params		JSON NOT NULL,
	fanned_at	DATETIME(6) NULL,
	KEY notify_events_pending (fanned_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Per user and kind, the channels chosen; no row: the kind's defaults.
CREATE TABLE notification_prefs (
	user_id		BIGINT UNSIGNED NOT NULL,
	kind		VARCHAR(40) CHARACTER SET ascii NOT NULL,
	channels	SET('portal','email','sms') NOT NULL,
	PRIMARY KEY (user_id, kind),
	CONSTRAINT notification_prefs_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE notifications (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id		BIGINT UNSIGNED NOT NULL,
	event_id	BIGINT UNSIGNED NOT NULL,
	kind		VARCHAR(40) CHARACTER SET ascii NOT NULL,
	object_type	VARCHAR(16) CHARACTER SET ascii NOT NULL,
	object_ref	VARCHAR(32) CHARACTER SET ascii NOT NULL,
	params		JSON NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	read_at		DATETIME(6) NULL,
	UNIQUE KEY notifications_once (event_id, user_id),
	KEY notifications_user (user_id, id),
	KEY notifications_unread (user_id, read_at),
	CONSTRAINT notifications_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id),
	CONSTRAINT notifications_event_fk FOREIGN KEY (event_id)
	    REFERENCES notify_events (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE outbox (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	event_id	BIGINT UNSIGNED NOT NULL,
	user_id		BIGINT UNSIGNED NOT NULL,
	channel		ENUM('email','sms') NOT NULL,
	recipient	VARCHAR(254) NOT NULL,
	state		ENUM('pending','sent','dead') NOT NULL DEFAULT 'pending',
	attempts	INT UNSIGNED NOT NULL DEFAULT 0,
	next_at		DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	claimed_until	DATETIME(6) NULL,
	last_error	VARCHAR(255) NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	sent_at		DATETIME(6) NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	UNIQUE KEY outbox_once (event_id, user_id, channel),
	KEY outbox_due (state, next_at),
	CONSTRAINT outbox_event_fk FOREIGN KEY (event_id)
	    REFERENCES notify_events (id),
	CONSTRAINT outbox_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE outbox_attempts (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	outbox_id	BIGINT UNSIGNED NOT NULL,
	at		DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	ok		TINYINT(1) NOT NULL,
	detail		VARCHAR(255) NOT NULL,
	KEY outbox_attempts_of (outbox_id, id),
	CONSTRAINT outbox_attempts_fk FOREIGN KEY (outbox_id)
	    REFERENCES outbox (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
