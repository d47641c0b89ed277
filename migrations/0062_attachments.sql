-- 0062_attachments.sql: photos and PDFs on complaints, service jobs and
-- returns (issue #24).  A statement dispute is its billing complaint's
-- (0016: one to one), so its attachments are that complaint's.
--
-- The bytes are files named by their SHA-256 under the attachments
-- directory (fcgi-app/media/media_store.c), on a volume every app node
-- mounts; a row here names each, with what the upload's check found.
-- The same bytes attached twice are one file and two rows.
CREATE TABLE attachments (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	object_kind	ENUM('complaint', 'service_job', 'return')
			    CHARACTER SET ascii NOT NULL,
	object_id	BIGINT UNSIGNED NOT NULL,
	-- the object's number, as its pages and API name it
	object_number	VARCHAR(24) CHARACTER SET ascii NOT NULL,
	dealer_id	BIGINT UNSIGNED NOT NULL,
	sha256		CHAR(64) CHARACTER SET ascii NOT NULL,
	size		INT UNSIGNED NOT NULL,
	media_type	VARCHAR(32) CHARACTER SET ascii NOT NULL,
	name		VARCHAR(200) NOT NULL,
	width		INT UNSIGNED NULL,
	height		INT UNSIGNED NULL,
	uploaded_by	BIGINT UNSIGNED NOT NULL,
	org_id		BIGINT UNSIGNED NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	idem_key	VARCHAR(100) CHARACTER SET ascii NULL,
	-- its uploader's soft delete: the row and the file stay, unseen
	deleted_at	DATETIME(6) NULL,
	deleted_by	BIGINT UNSIGNED NULL,
	-- 0059's pattern: one column, NULL when the key is
	idem_unique	VARCHAR(121) CHARACTER SET ascii
			    AS (CONCAT(uploaded_by, '/', idem_key)) STORED
			    INVISIBLE,
	UNIQUE KEY attachments_idem (idem_unique),
	KEY attachments_object (object_kind, object_number, id),
	KEY attachments_sha (sha256),
	KEY attachments_user (uploaded_by),
	KEY attachments_org (org_id),
	KEY attachments_dealer (dealer_id),
	CONSTRAINT attachments_user_fk FOREIGN KEY (uploaded_by)
	    REFERENCES users (id),
	CONSTRAINT attachments_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id),
	CONSTRAINT attachments_dealer_fk FOREIGN KEY (dealer_id)
	    REFERENCES orgs (id),
	CONSTRAINT attachments_size CHECK (size BETWEEN 1 AND 10485760)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A thumbnail (a JPEG of at most 320 px a side) per content, so that
-- every node serves it from the database; none for a PDF.
CREATE TABLE attachment_thumbs (
	sha256		CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
	width		INT UNSIGNED NOT NULL,
	height		INT UNSIGNED NOT NULL,
	jpeg		MEDIUMBLOB NOT NULL
) ENGINE=InnoDB;

-- The ten-per-object limit is held by the object's own row: an upload
-- raises its count with a conditional UPDATE in its transaction, so two
-- racing tenth uploads write the same row and one of them loses (on one
-- server by the row lock, on Galera by certification).
ALTER TABLE complaints
	ADD COLUMN attachments TINYINT UNSIGNED NOT NULL DEFAULT 0;
ALTER TABLE service_jobs
	ADD COLUMN attachments TINYINT UNSIGNED NOT NULL DEFAULT 0;
ALTER TABLE returns
	ADD COLUMN attachments TINYINT UNSIGNED NOT NULL DEFAULT 0;
