-- 0006_drafts.sql: the order a user builds line by line before submitting.
-- One draft per user; its lines are priced when shown and again, frozen,
-- when the draft becomes an order (which empties it in its transaction).
CREATE TABLE draft_lines (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id		BIGINT UNSIGNED NOT NULL,
	product_id	BIGINT UNSIGNED NOT NULL,
	quantity	INT UNSIGNED NOT NULL,
	options		JSON NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	KEY draft_lines_user (user_id, id),
	CONSTRAINT draft_lines_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
	CONSTRAINT draft_lines_product_fk FOREIGN KEY (product_id)
	    REFERENCES products (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
