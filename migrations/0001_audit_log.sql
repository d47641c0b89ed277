-- 0001_audit_log.sql: who changed what, when; written by every later change.
-- Rows are only ever inserted.
CREATE TABLE audit_log (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	at		DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	actor_user_id	BIGINT UNSIGNED NULL,
	actor_org_id	BIGINT UNSIGNED NULL,
	action		VARCHAR(64) NOT NULL,
	object_type	VARCHAR(32) NOT NULL,
	object_id	VARCHAR(64) NOT NULL,
	request_id	VARCHAR(64) NOT NULL DEFAULT '',
	details		JSON NULL,
	KEY audit_object (object_type, object_id, id),
	KEY audit_actor (actor_user_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
