-- 0045_service_job_number_ids.sql: service job numbers from an
-- auto-increment counter, as orders and complaints have had since 0022.
--
-- Migration 0035 numbered service jobs from a NOCACHE sequence; `make
-- cluster` (issue #22's run) then gave SJ-2026-000131 twice on two Galera
-- nodes, and the second filing answered 500 (a duplicate key): every NEXT
-- VALUE writes the sequence's one row, which two nodes number from at
-- once.  A new row per number collides with nothing.  The counter starts
-- after the sequence, so no number is given twice; gaps stay allowed.
CREATE TABLE service_job_number_ids (
	id	BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY
) ENGINE=InnoDB;

INSERT INTO service_job_number_ids (id)
SELECT GREATEST(NEXT VALUE FOR service_job_numbers,
    COALESCE((SELECT MAX(CAST(SUBSTRING_INDEX(number, '-', -1) AS UNSIGNED))
    FROM service_jobs), 0) + 1);
