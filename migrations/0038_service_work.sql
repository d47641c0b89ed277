-- 0038_service_work.sql: a provider's request for spare parts is
-- idempotent by its key (issue #21).
--
-- A request creates part rows; resent with the same Idempotency-Key (a
-- lost answer, a form sent twice) it answers the job as it is and creates
-- nothing, and with another body under the same key it is refused.  The
-- key is the job's: one row per request, written in the request's
-- transaction under the job's row lock.

CREATE TABLE service_part_requests (
	job_id		BIGINT UNSIGNED NOT NULL,
	idem_key	VARCHAR(100) CHARACTER SET ascii NOT NULL,
	request_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	requested_by	BIGINT UNSIGNED NOT NULL,
	requested_at	DATETIME(6) NOT NULL,
	PRIMARY KEY (job_id, idem_key),
	CONSTRAINT service_part_requests_job_fk FOREIGN KEY (job_id)
	    REFERENCES service_jobs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
