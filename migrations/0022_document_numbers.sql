-- 0022_document_numbers.sql: order and complaint numbers from auto-increment
-- counters instead of sequences.
--
-- On Galera every NEXT VALUE of a NOCACHE sequence writes the sequence's one
-- row: two nodes numbering at once collide, as a certification failure or
-- (measured on 10.11 with `make cluster`) as the same number twice.  A new
-- row per number collides with nothing, as each node hands out its own
-- auto-increment values (wsrep_auto_increment_control).  The counters start
-- after the sequences, so no number is given twice; gaps stay allowed.
CREATE TABLE order_number_ids (
	id	BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY
) ENGINE=InnoDB;

CREATE TABLE complaint_number_ids (
	id	BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY
) ENGINE=InnoDB;

INSERT INTO order_number_ids (id) SELECT NEXT VALUE FOR order_numbers;
INSERT INTO complaint_number_ids (id) SELECT NEXT VALUE FOR complaint_numbers;
