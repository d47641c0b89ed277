-- 0011_complaints.sql: complaints with the 24-hour rule (DESIGN §5):
-- the complaint and its clocks, its thread, its escalations, and the
-- service providers complaints are routed to.

CREATE SEQUENCE complaint_numbers START WITH 1 INCREMENT BY 1 NOCACHE;

-- Installers and repairers by city; a complaint of a dealer in a city
-- with one for its category is routed to it.
CREATE TABLE service_providers (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	name_zh		VARCHAR(200) NOT NULL,
	name_en		VARCHAR(200) NOT NULL,
	city		VARCHAR(100) NOT NULL,
	categories	SET('product_quality','delivery','installation_service',
			    'billing','other') NOT NULL,
	active		TINYINT(1) NOT NULL DEFAULT 1,
	KEY service_providers_city (city, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE complaints (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	number		VARCHAR(24) CHARACTER SET ascii NOT NULL,
	dealer_id	BIGINT UNSIGNED NOT NULL,
	region_id	BIGINT UNSIGNED NOT NULL,
	order_id	BIGINT UNSIGNED NULL,
	category	ENUM('product_quality','delivery','installation_service',
			    'billing','other') NOT NULL,
	severity	ENUM('critical','high','normal') NOT NULL,
	subject		VARCHAR(200) NOT NULL,
	description	VARCHAR(4000) NOT NULL,
	status		ENUM('open','in_progress','resolved') NOT NULL
			    DEFAULT 'open',
	assigned_user_id BIGINT UNSIGNED NULL,
	provider_id	BIGINT UNSIGNED NULL,
	escalation_level TINYINT UNSIGNED NOT NULL DEFAULT 0, -- 1 region, 2 HQ
	filed_by	BIGINT UNSIGNED NOT NULL,
	filed_at	DATETIME(6) NOT NULL,
	first_response_due DATETIME(6) NOT NULL,
	resolution_due	DATETIME(6) NOT NULL,
	first_responded_at DATETIME(6) NULL,
	resolved_at	DATETIME(6) NULL,
	reopen_count	INT UNSIGNED NOT NULL DEFAULT 0,
	rating		TINYINT UNSIGNED NULL,
	rating_comment	VARCHAR(1000) NOT NULL DEFAULT '',
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	idem_key	VARCHAR(100) CHARACTER SET ascii NOT NULL,
	request_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	-- the next clock to beat: the first response (or the resolution if
	-- that comes first), then the resolution; none once resolved
	next_due	DATETIME(6) AS (CASE WHEN status = 'resolved' THEN NULL
			    WHEN first_responded_at IS NULL THEN
			    LEAST(first_response_due, resolution_due)
			    ELSE resolution_due END) PERSISTENT,
	UNIQUE KEY complaints_number (number),
	UNIQUE KEY complaints_idem (dealer_id, idem_key),
	KEY complaints_dealer (dealer_id, id),
	KEY complaints_region (region_id, id),
	KEY complaints_region_due (region_id, next_due, id),
	KEY complaints_due (next_due, id),
	KEY complaints_sweep (escalation_level, next_due),
	KEY complaints_region_filed (region_id, filed_at),
	KEY complaints_filed (filed_at),
	CONSTRAINT complaints_dealer_fk FOREIGN KEY (dealer_id)
	    REFERENCES orgs (id),
	CONSTRAINT complaints_order_fk FOREIGN KEY (order_id)
	    REFERENCES orders (id),
	CONSTRAINT complaints_provider_fk FOREIGN KEY (provider_id)
	    REFERENCES service_providers (id),
	CONSTRAINT complaints_rating CHECK (rating IS NULL OR rating BETWEEN 1
	    AND 5)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The thread: replies the dealer sees, and staff's internal notes it
-- never sees.
CREATE TABLE complaint_messages (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	complaint_id	BIGINT UNSIGNED NOT NULL,
	author_user_id	BIGINT UNSIGNED NULL,	-- NULL: the system (sweep)
	at		DATETIME(6) NOT NULL,
	kind		ENUM('message','note','event') NOT NULL,
	body		VARCHAR(4000) NOT NULL,
	KEY complaint_messages_complaint (complaint_id, id),
	CONSTRAINT complaint_messages_complaint_fk FOREIGN KEY (complaint_id)
	    REFERENCES complaints (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per level reached: the sweep escalates each complaint once per
-- level, however many app processes run it.
CREATE TABLE complaint_escalations (
	complaint_id	BIGINT UNSIGNED NOT NULL,
	level		TINYINT UNSIGNED NOT NULL,
	clock		ENUM('first_response','resolution','manual') NOT NULL,
	at		DATETIME(6) NOT NULL,
	PRIMARY KEY (complaint_id, level),
	CONSTRAINT complaint_escalations_fk FOREIGN KEY (complaint_id)
	    REFERENCES complaints (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Resolution targets by severity (hours), read when a complaint is filed
-- or reopened.  The first response is always due within 24 hours.
CREATE TABLE complaint_targets (
	severity	ENUM('critical','high','normal') NOT NULL PRIMARY KEY,
	resolution_hours INT UNSIGNED NOT NULL,
	CONSTRAINT complaint_targets_hours CHECK (resolution_hours BETWEEN 1
	    AND 8760)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

INSERT INTO complaint_targets (severity, resolution_hours) VALUES
	('critical', 48), ('high', 72), ('normal', 168);
