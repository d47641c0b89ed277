-- 0031_webhooks.sql: the feed's events pushed to the ERP's and dealers'
-- systems (issue #20).
--
-- A subscription names a URL, the event types it wants ('' = all) and a
-- secret the portal signs each delivery with; an admin's sees every
-- dealer's events (org_id NULL), a dealer admin's only its own dealer's.
-- It gets the events written after it (from_event: the feed's last id when
-- it was made), not the feed's past.
-- The webhook tick walks the feed in commit order (feed_seq.c numbers it)
-- from webhook_cursor, and in the transaction that moves the cursor on
-- writes a delivery for each matching subscription: the cursor row is
-- what two app nodes both write, so an event is handed out once.  A
-- delivery is claimed, POSTed, and retried with backoff until a 2xx or
-- dead; its body is kept, so a redelivery sends the same bytes; every
-- attempt is a row of webhook_attempts (the delivery log).

CREATE TABLE webhook_subscriptions (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	org_id		BIGINT UNSIGNED NULL,
	url		VARCHAR(500) NOT NULL,
	kinds		VARCHAR(500) CHARACTER SET ascii NOT NULL DEFAULT '',
	secret		CHAR(70) CHARACTER SET ascii NOT NULL,
	active		TINYINT(1) NOT NULL DEFAULT 1,
	from_event	BIGINT UNSIGNED NOT NULL DEFAULT 0,
	created_by	BIGINT UNSIGNED NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	idem_key	VARCHAR(100) CHARACTER SET ascii NULL,
	request_hash	CHAR(64) CHARACTER SET ascii NULL,
	UNIQUE KEY webhook_subscriptions_idem (created_by, idem_key),
	KEY webhook_subscriptions_org (org_id, id),
	CONSTRAINT webhook_subscriptions_org_fk FOREIGN KEY (org_id)
	    REFERENCES orgs (id),
	CONSTRAINT webhook_subscriptions_user_fk FOREIGN KEY (created_by)
	    REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE webhook_cursor (
	id		TINYINT UNSIGNED NOT NULL PRIMARY KEY,
	last_seq	BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
INSERT INTO webhook_cursor (id, last_seq) VALUES (1, 0);

CREATE TABLE webhook_deliveries (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	subscription_id	BIGINT UNSIGNED NOT NULL,
	feed_seq	BIGINT UNSIGNED NOT NULL,
	event_type	VARCHAR(40) CHARACTER SET ascii NOT NULL,
	body		MEDIUMTEXT NOT NULL,
	state		ENUM('pending','delivered','dead') NOT NULL DEFAULT 'pending',
	attempts	INT UNSIGNED NOT NULL DEFAULT 0,
	next_at		DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	claimed_until	DATETIME(6) NULL,
	last_status	INT NULL,
	last_error	VARCHAR(255) NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	delivered_at	DATETIME(6) NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	UNIQUE KEY webhook_deliveries_once (subscription_id, feed_seq),
	KEY webhook_deliveries_due (state, next_at),
	CONSTRAINT webhook_deliveries_sub_fk FOREIGN KEY (subscription_id)
	    REFERENCES webhook_subscriptions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE webhook_attempts (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	delivery_id	BIGINT UNSIGNED NOT NULL,
	at		DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	status		INT NULL,
	ok		TINYINT(1) NOT NULL,
	detail		VARCHAR(255) NOT NULL,
	KEY webhook_attempts_of (delivery_id, id),
	CONSTRAINT webhook_attempts_fk FOREIGN KEY (delivery_id)
	    REFERENCES webhook_deliveries (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
