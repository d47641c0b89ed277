-- 0035_service.sql: the service network (issue #21).
--
-- Service providers become organisations of kind 'provider', each under
-- the region that administers it, with users of role 'provider_agent'.
-- A service job (a dealer's request for its customer, or a complaint that
-- needs a visit) is dispatched to the nearest active provider that serves
-- its category in its city and has free capacity; it is worked through
-- its visit, its spare parts and a follow-up call.  The old pin of a
-- complaint to the first provider of a city goes.

ALTER TABLE orgs
	MODIFY kind ENUM('hq','region','dealer','provider') NOT NULL,
	DROP CONSTRAINT orgs_shape,
	ADD CONSTRAINT orgs_shape CHECK (
	    (kind = 'dealer' AND region_id IS NOT NULL AND dealer_kind IS NOT NULL
	        AND tier IS NOT NULL) OR
	    (kind = 'provider' AND region_id IS NOT NULL AND dealer_kind IS NULL
	        AND tier IS NULL) OR
	    (kind IN ('hq','region') AND region_id IS NULL AND
	        dealer_kind IS NULL));

-- roles: the order of the SET is the bit order of enum role in auth.h.
ALTER TABLE users MODIFY roles SET('dealer_buyer','dealer_finance',
	'dealer_admin','account_manager','region_approver','hq_key_account',
	'finance_clerk','service_agent','admin','erp','provider_agent')
	NOT NULL DEFAULT '';

ALTER TABLE complaints DROP FOREIGN KEY complaints_provider_fk,
	DROP COLUMN provider_id;
DROP TABLE service_providers;

-- Where a city is: the customer's location when the request gives none.
CREATE TABLE service_cities (
	city		VARCHAR(100) NOT NULL PRIMARY KEY,
	lat_e6		INT NOT NULL,		-- microdegrees
	lng_e6		INT NOT NULL,
	CONSTRAINT service_cities_lat CHECK (lat_e6 BETWEEN -90000000 AND 90000000),
	CONSTRAINT service_cities_lng CHECK (lng_e6 BETWEEN -180000000 AND 180000000)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A provider's profile.  open_jobs is the capacity guard: every dispatch
-- raises it under "open_jobs < capacity" and every release lowers it, so
-- two dispatchers offering jobs to one provider both write this row (one
-- server's row lock and Galera certification both stop the second).
CREATE TABLE providers (
	org_id		BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	address		VARCHAR(300) NOT NULL DEFAULT '',
	phone		VARCHAR(40) NOT NULL DEFAULT '',
	lat_e6		INT NOT NULL,
	lng_e6		INT NOT NULL,
	capacity	SMALLINT UNSIGNED NOT NULL DEFAULT 5,
	open_jobs	SMALLINT UNSIGNED NOT NULL DEFAULT 0,
	days		SET('mon','tue','wed','thu','fri','sat','sun') NOT NULL
			    DEFAULT 'mon,tue,wed,thu,fri,sat',
	opens		TIME NOT NULL DEFAULT '08:00:00',
	closes		TIME NOT NULL DEFAULT '20:00:00',
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	CONSTRAINT providers_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id),
	CONSTRAINT providers_lat CHECK (lat_e6 BETWEEN -90000000 AND 90000000),
	CONSTRAINT providers_lng CHECK (lng_e6 BETWEEN -180000000 AND 180000000),
	CONSTRAINT providers_capacity CHECK (capacity BETWEEN 1 AND 1000),
	CONSTRAINT providers_load CHECK (open_jobs <= capacity),
	CONSTRAINT providers_hours CHECK (opens < closes)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What a provider serves: a row per city and product line.  Dispatch
-- reads the (city, category) range: the few providers of one city and
-- line, never all of them.
CREATE TABLE provider_areas (
	city		VARCHAR(100) NOT NULL,
	category_id	BIGINT UNSIGNED NOT NULL,
	provider_id	BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (city, category_id, provider_id),
	KEY provider_areas_provider (provider_id),
	CONSTRAINT provider_areas_provider_fk FOREIGN KEY (provider_id)
	    REFERENCES providers (org_id),
	CONSTRAINT provider_areas_category_fk FOREIGN KEY (category_id)
	    REFERENCES categories (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE SEQUENCE service_job_numbers START WITH 1 INCREMENT BY 1 NOCACHE;

-- A job.  status: waiting (held by no one: new, declined, timed out, or
-- with no provider left, then unplaced_at is set and the region alerted),
-- offered (to provider_id until offer_due), accepted, scheduled,
-- in_progress, waiting_parts, finished (follow-up due), closed,
-- cancelled.  provider_id is the holder from the offer on.
CREATE TABLE service_jobs (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	number		VARCHAR(24) CHARACTER SET ascii NOT NULL,
	dealer_id	BIGINT UNSIGNED NOT NULL,
	region_id	BIGINT UNSIGNED NOT NULL,
	complaint_id	BIGINT UNSIGNED NULL,
	kind		ENUM('repair','installation','delivery_damage') NOT NULL,
	category_id	BIGINT UNSIGNED NOT NULL,
	customer_name	VARCHAR(100) NOT NULL,
	customer_phone	VARCHAR(40) NOT NULL,
	customer_address VARCHAR(300) NOT NULL,
	city		VARCHAR(100) NOT NULL,
	lat_e6		INT NOT NULL,
	lng_e6		INT NOT NULL,
	model		VARCHAR(64) NOT NULL DEFAULT '',
	serial		VARCHAR(64) NOT NULL DEFAULT '',
	fault		VARCHAR(2000) NOT NULL,
	status		ENUM('waiting','offered','accepted','scheduled',
			    'in_progress','waiting_parts','finished','closed',
			    'cancelled') NOT NULL DEFAULT 'waiting',
	provider_id	BIGINT UNSIGNED NULL,
	round		SMALLINT UNSIGNED NOT NULL DEFAULT 0, -- +1 a reopening
	dispatch_at	DATETIME(6) NULL,	-- when the worker next looks
	offered_at	DATETIME(6) NULL,
	offer_due	DATETIME(6) NULL,
	first_offered_at DATETIME(6) NULL,	-- the dispatch time's end
	accepted_at	DATETIME(6) NULL,
	unplaced_at	DATETIME(6) NULL,	-- no provider left: flagged
	visit_date	DATE NULL,
	visit_from	TIME NULL,
	visit_to	TIME NULL,
	first_visit_at	DATETIME(6) NULL,	-- the first start
	visits		SMALLINT UNSIGNED NOT NULL DEFAULT 0,
	parts_since	DATETIME(6) NULL,	-- waiting for parts since
	parts_seconds	BIGINT UNSIGNED NOT NULL DEFAULT 0, -- waited in all
	finished_at	DATETIME(6) NULL,
	work_done	VARCHAR(2000) NOT NULL DEFAULT '',
	parts_used	VARCHAR(500) NOT NULL DEFAULT '',
	closed_at	DATETIME(6) NULL,
	filed_by	BIGINT UNSIGNED NOT NULL,
	filed_at	DATETIME(6) NOT NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	idem_key	VARCHAR(100) CHARACTER SET ascii NOT NULL,
	request_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	UNIQUE KEY service_jobs_number (number),
	UNIQUE KEY service_jobs_idem (dealer_id, idem_key),
	UNIQUE KEY service_jobs_complaint (complaint_id),
	KEY service_jobs_dealer (dealer_id, id),
	KEY service_jobs_region (region_id, status, id),
	KEY service_jobs_provider (provider_id, status, id),
	KEY service_jobs_dispatch (dispatch_at),
	KEY service_jobs_offer_due (offer_due),
	KEY service_jobs_filed (filed_at),
	CONSTRAINT service_jobs_dealer_fk FOREIGN KEY (dealer_id)
	    REFERENCES orgs (id),
	CONSTRAINT service_jobs_region_fk FOREIGN KEY (region_id)
	    REFERENCES orgs (id),
	CONSTRAINT service_jobs_complaint_fk FOREIGN KEY (complaint_id)
	    REFERENCES complaints (id),
	CONSTRAINT service_jobs_category_fk FOREIGN KEY (category_id)
	    REFERENCES categories (id),
	CONSTRAINT service_jobs_provider_fk FOREIGN KEY (provider_id)
	    REFERENCES providers (org_id),
	CONSTRAINT service_jobs_visit CHECK (visit_from IS NULL OR
	    visit_to IS NULL OR visit_from < visit_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every offer of a job: its answer and when.  A provider that declined
-- or let an offer lapse is not offered the job again in the same round.
CREATE TABLE service_offers (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	job_id		BIGINT UNSIGNED NOT NULL,
	round		SMALLINT UNSIGNED NOT NULL,
	provider_id	BIGINT UNSIGNED NOT NULL,
	distance_m	INT UNSIGNED NOT NULL,
	offered_at	DATETIME(6) NOT NULL,
	due		DATETIME(6) NOT NULL,
	outcome		ENUM('pending','accepted','declined','timed_out',
			    'withdrawn') NOT NULL DEFAULT 'pending',
	answered_at	DATETIME(6) NULL,
	reason		VARCHAR(500) NOT NULL DEFAULT '',
	UNIQUE KEY service_offers_once (job_id, round, provider_id),
	KEY service_offers_provider (provider_id, offered_at),
	CONSTRAINT service_offers_job_fk FOREIGN KEY (job_id)
	    REFERENCES service_jobs (id),
	CONSTRAINT service_offers_provider_fk FOREIGN KEY (provider_id)
	    REFERENCES providers (org_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The job's timeline: what happened, when, by whom.
CREATE TABLE service_job_events (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	job_id		BIGINT UNSIGNED NOT NULL,
	at		DATETIME(6) NOT NULL,
	type		VARCHAR(40) CHARACTER SET ascii NOT NULL,
	provider_id	BIGINT UNSIGNED NULL,
	user_id		BIGINT UNSIGNED NULL,	-- NULL: the dispatcher
	note		VARCHAR(2000) NOT NULL DEFAULT '',
	KEY service_job_events_job (job_id, id),
	CONSTRAINT service_job_events_job_fk FOREIGN KEY (job_id)
	    REFERENCES service_jobs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Spare parts for a job, with the lead-time clock (due_at: requested_at
-- plus the target, 7 days by default).
CREATE TABLE service_parts (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	job_id		BIGINT UNSIGNED NOT NULL,
	part_no		VARCHAR(64) NOT NULL,
	quantity	SMALLINT UNSIGNED NOT NULL,
	status		ENUM('requested','shipped','received') NOT NULL
			    DEFAULT 'requested',
	requested_by	BIGINT UNSIGNED NOT NULL,
	requested_at	DATETIME(6) NOT NULL,
	due_at		DATETIME(6) NOT NULL,
	shipped_at	DATETIME(6) NULL,
	received_at	DATETIME(6) NULL,
	overdue_at	DATETIME(6) NULL,	-- flagged to the region
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	KEY service_parts_job (job_id, id),
	KEY service_parts_due (status, due_at),
	KEY service_parts_requested (requested_at),
	CONSTRAINT service_parts_job_fk FOREIGN KEY (job_id)
	    REFERENCES service_jobs (id),
	CONSTRAINT service_parts_quantity CHECK (quantity BETWEEN 1 AND 999)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The follow-up call after a job is finished: one per finish (round).
CREATE TABLE service_followups (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	job_id		BIGINT UNSIGNED NOT NULL,
	round		SMALLINT UNSIGNED NOT NULL,
	region_id	BIGINT UNSIGNED NOT NULL,
	created_at	DATETIME(6) NOT NULL,
	due_at		DATETIME(6) NOT NULL,	-- created_at + 48 hours
	outcome		ENUM('open','reached','not_reached') NOT NULL
			    DEFAULT 'open',
	satisfaction	TINYINT UNSIGNED NULL,
	comment		VARCHAR(1000) NOT NULL DEFAULT '',
	called_by	BIGINT UNSIGNED NULL,
	called_at	DATETIME(6) NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	UNIQUE KEY service_followups_once (job_id, round),
	KEY service_followups_region (region_id, outcome, due_at),
	CONSTRAINT service_followups_job_fk FOREIGN KEY (job_id)
	    REFERENCES service_jobs (id),
	CONSTRAINT service_followups_satisfaction CHECK (satisfaction IS NULL
	    OR satisfaction BETWEEN 1 AND 5)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
