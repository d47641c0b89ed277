-- 0003_catalogue.sql: categories, products with option schemas, promotions.

CREATE TABLE categories (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	code		VARCHAR(32) CHARACTER SET ascii NOT NULL,
	name_zh		VARCHAR(100) NOT NULL,
	name_en		VARCHAR(100) NOT NULL,
	UNIQUE KEY categories_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- option_schema: see fcgi-app/catalogue/pricing.c; checked when saved.
CREATE TABLE products (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	code		VARCHAR(32) CHARACTER SET ascii NOT NULL,
	category_id	BIGINT UNSIGNED NOT NULL,
	name_zh		VARCHAR(200) NOT NULL,
	name_en		VARCHAR(200) NOT NULL,
	base_price	BIGINT NOT NULL,
	option_schema	JSON NOT NULL,
	active		TINYINT(1) NOT NULL DEFAULT 1,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	updated_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
			    ON UPDATE CURRENT_TIMESTAMP(6),
	UNIQUE KEY products_code (code),
	KEY products_category (category_id, active, id),
	CONSTRAINT products_category_fk FOREIGN KEY (category_id)
	    REFERENCES categories (id),
	CONSTRAINT products_price CHECK (base_price >= 0),
	CONSTRAINT products_schema CHECK (JSON_VALID(option_schema))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A promotion applies to one product, or one category, or everything,
-- for the dealer tiers listed, between two dates (inclusive).
CREATE TABLE promotions (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	code		VARCHAR(32) CHARACTER SET ascii NOT NULL,
	name_zh		VARCHAR(200) NOT NULL,
	name_en		VARCHAR(200) NOT NULL,
	product_id	BIGINT UNSIGNED NULL,
	category_id	BIGINT UNSIGNED NULL,
	tiers		SET('A','B','C','D') NOT NULL,
	percent		TINYINT UNSIGNED NOT NULL DEFAULT 0,
	fixed		BIGINT NOT NULL DEFAULT 0,
	starts_on	DATE NOT NULL,
	ends_on		DATE NOT NULL,
	active		TINYINT(1) NOT NULL DEFAULT 1,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	UNIQUE KEY promotions_code (code),
	KEY promotions_window (active, ends_on, starts_on),
	CONSTRAINT promotions_product_fk FOREIGN KEY (product_id)
	    REFERENCES products (id),
	CONSTRAINT promotions_category_fk FOREIGN KEY (category_id)
	    REFERENCES categories (id),
	CONSTRAINT promotions_one_kind CHECK ((percent BETWEEN 1 AND 100 AND
	    fixed = 0) OR (percent = 0 AND fixed > 0)),
	CONSTRAINT promotions_dates CHECK (starts_on <= ends_on),
	CONSTRAINT promotions_scope CHECK (product_id IS NULL OR
	    category_id IS NULL)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
