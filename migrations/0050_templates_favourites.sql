-- 0050_templates_favourites.sql: order templates and favourites (issue #23).
--
-- A template is a draft kept under a name by an organisation (a dealer,
-- a chain, a region's account managers): its lines as the draft held
-- them (model, quantity, options), checked again against the catalogue
-- when an order is started from it.  The key of the request that made it
-- (per user) makes a retry find it.  A favourite is one user's mark on a
-- model of the catalogue.
CREATE TABLE order_templates (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	org_id		BIGINT UNSIGNED NOT NULL,
	name		VARCHAR(100) NOT NULL,
	lines_json	LONGTEXT NOT NULL,
	line_count	INT UNSIGNED NOT NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_by	BIGINT UNSIGNED NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	idem_key	VARCHAR(100) CHARACTER SET ascii NOT NULL,
	request_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	UNIQUE KEY order_templates_name (org_id, name),
	UNIQUE KEY order_templates_key (created_by, idem_key),
	CONSTRAINT order_templates_org_fk FOREIGN KEY (org_id)
	    REFERENCES orgs (id),
	CONSTRAINT order_templates_user_fk FOREIGN KEY (created_by)
	    REFERENCES users (id),
	CONSTRAINT order_templates_lines CHECK (JSON_VALID(lines_json) AND
	    line_count BETWEEN 1 AND 100)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE favourites (
	user_id		BIGINT UNSIGNED NOT NULL,
	product_id	BIGINT UNSIGNED NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	PRIMARY KEY (user_id, product_id),
	CONSTRAINT favourites_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
	CONSTRAINT favourites_product_fk FOREIGN KEY (product_id)
	    REFERENCES products (id)
) ENGINE=InnoDB;
