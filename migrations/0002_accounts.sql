-- 0002_accounts.sql: organisations, users, assignments, refresh tokens,
-- login throttling.

-- HQ, the regional sales companies and the dealers, in one table: every
-- user belongs to exactly one of them.
CREATE TABLE orgs (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	kind		ENUM('hq','region','dealer') NOT NULL,
	code		VARCHAR(16) NOT NULL,
	name_zh		VARCHAR(200) NOT NULL,
	name_en		VARCHAR(200) NOT NULL,
	region_id	BIGINT UNSIGNED NULL,
	dealer_kind	ENUM('multinational_chain','domestic_chain',
			    'department_store','exclusive_store',
			    'specialty_store') NULL,
	city		VARCHAR(100) NOT NULL DEFAULT '',
	tier		ENUM('A','B','C','D') NULL,
	active		TINYINT(1) NOT NULL DEFAULT 1,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	UNIQUE KEY orgs_code (code),
	KEY orgs_region (region_id, kind, id),
	CONSTRAINT orgs_region_fk FOREIGN KEY (region_id) REFERENCES orgs (id),
	CONSTRAINT orgs_shape CHECK (
	    (kind = 'dealer' AND region_id IS NOT NULL AND dealer_kind IS NOT NULL
	        AND tier IS NOT NULL) OR
	    (kind <> 'dealer' AND region_id IS NULL AND dealer_kind IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- roles: the order of the SET is the bit order of enum role in auth.h.
CREATE TABLE users (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	login		VARCHAR(64) NOT NULL,
	display_name	VARCHAR(100) NOT NULL,
	org_id		BIGINT UNSIGNED NOT NULL,
	password_hash	VARCHAR(255) NOT NULL,
	roles		SET('dealer_buyer','dealer_finance','dealer_admin',
			    'account_manager','region_approver',
			    'hq_key_account','finance_clerk','service_agent',
			    'admin','erp') NOT NULL DEFAULT '',
	lang		ENUM('zh-CN','en') NOT NULL DEFAULT 'zh-CN',
	disabled	TINYINT(1) NOT NULL DEFAULT 0,
	token_version	INT UNSIGNED NOT NULL DEFAULT 1,
	failed_logins	INT UNSIGNED NOT NULL DEFAULT 0,
	locked_until	DATETIME(6) NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	updated_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
			    ON UPDATE CURRENT_TIMESTAMP(6),
	UNIQUE KEY users_login (login),
	KEY users_org (org_id, id),
	CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Which dealers an account manager looks after.
CREATE TABLE manager_dealers (
	manager_id	BIGINT UNSIGNED NOT NULL,
	dealer_id	BIGINT UNSIGNED NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	PRIMARY KEY (manager_id, dealer_id),
	KEY manager_dealers_dealer (dealer_id),
	CONSTRAINT md_manager_fk FOREIGN KEY (manager_id) REFERENCES users (id),
	CONSTRAINT md_dealer_fk FOREIGN KEY (dealer_id) REFERENCES orgs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Refresh tokens, stored only as SHA-256 hex.  A family is one login;
-- each use replaces the token; a replaced token used again revokes the
-- whole family.
CREATE TABLE refresh_tokens (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	token_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	user_id		BIGINT UNSIGNED NOT NULL,
	family		CHAR(32) CHARACTER SET ascii NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	expires_at	DATETIME(6) NOT NULL,
	revoked_at	DATETIME(6) NULL,
	replaced_by	BIGINT UNSIGNED NULL,
	UNIQUE KEY refresh_hash (token_hash),
	KEY refresh_family (family),
	KEY refresh_user (user_id),
	CONSTRAINT refresh_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Failed logins per client address, in a sliding window.
CREATE TABLE login_failures (
	addr		VARCHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
	window_start	DATETIME(6) NOT NULL,
	failures	INT UNSIGNED NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
