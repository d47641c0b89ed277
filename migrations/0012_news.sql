-- 0012_news.sql: news and announcements (DESIGN §6): the admin posts in
-- Chinese and English, for everyone or for chosen regions and tiers.

CREATE TABLE news (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	title_zh	VARCHAR(200) NOT NULL,
	title_en	VARCHAR(200) NOT NULL,
	body_zh		VARCHAR(4000) NOT NULL,
	body_en		VARCHAR(4000) NOT NULL,
	tiers		SET('A','B','C','D') NOT NULL DEFAULT '',	-- '': all
	regional	TINYINT(1) NOT NULL DEFAULT 0,	-- 1: only news_regions'
	active		TINYINT(1) NOT NULL DEFAULT 1,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	author_user_id	BIGINT UNSIGNED NOT NULL,
	published_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	KEY news_active (active, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE news_regions (
	news_id		BIGINT UNSIGNED NOT NULL,
	region_id	BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (news_id, region_id),
	CONSTRAINT news_regions_news_fk FOREIGN KEY (news_id) REFERENCES news (id),
	CONSTRAINT news_regions_region_fk FOREIGN KEY (region_id)
	    REFERENCES orgs (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
