-- 0019_tiers.sql: A/B/C/D dealer tiers from current value and potential
-- (DESIGN §6), recomputed nightly and on demand, every run kept.
--
--   value	our revenue through the dealer over the last 12 months (the
--		totals of its orders shipped since)
--   potential	the dealer's category sales (all brands) over the last 12
--		months that were not ours: the room to grow
--   score	value + potential x potential_pct / 100
-- Dealers ranked by score (ties: the lower id first): the top a_pct
-- percent are A, the next b_pct B, the next c_pct C, the rest D.

CREATE TABLE tier_config (
	id		TINYINT UNSIGNED NOT NULL PRIMARY KEY,
	a_pct		TINYINT UNSIGNED NOT NULL,
	b_pct		TINYINT UNSIGNED NOT NULL,
	c_pct		TINYINT UNSIGNED NOT NULL,
	potential_pct	TINYINT UNSIGNED NOT NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	CONSTRAINT tier_config_one CHECK (id = 1),
	CONSTRAINT tier_config_sum CHECK (a_pct + b_pct + c_pct <= 100 AND
	    a_pct > 0 AND potential_pct <= 100)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
INSERT INTO tier_config (id, a_pct, b_pct, c_pct, potential_pct)
	VALUES (1, 20, 30, 30, 20);

-- One recomputation: when, why, with what thresholds, and the lowest
-- score that made each tier (what the next tier needs).
CREATE TABLE tier_runs (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	day		DATE NOT NULL,			-- China's
	cause		ENUM('nightly','demand') NOT NULL,
	actor_user_id	BIGINT UNSIGNED NULL,
	a_pct		TINYINT UNSIGNED NOT NULL,
	b_pct		TINYINT UNSIGNED NOT NULL,
	c_pct		TINYINT UNSIGNED NOT NULL,
	potential_pct	TINYINT UNSIGNED NOT NULL,
	dealers		INT UNSIGNED NOT NULL DEFAULT 0,
	a_min		BIGINT NULL,
	b_min		BIGINT NULL,
	c_min		BIGINT NULL,
	at		DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	-- one nightly run a day, however many app nodes run the job
	nightly_day	DATE AS (IF(cause = 'nightly', day, NULL)) PERSISTENT,
	UNIQUE KEY tier_runs_nightly (nightly_day)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

CREATE TABLE tier_history (
	run_id		BIGINT UNSIGNED NOT NULL,
	dealer_id	BIGINT UNSIGNED NOT NULL,
	tier		ENUM('A','B','C','D') NOT NULL,
	previous	ENUM('A','B','C','D') NULL,
	score		BIGINT NOT NULL,
	value		BIGINT NOT NULL,
	potential	BIGINT NOT NULL,
	rank_no		INT UNSIGNED NOT NULL,
	PRIMARY KEY (run_id, dealer_id),
	KEY tier_history_dealer (dealer_id, run_id),
	CONSTRAINT tier_history_run_fk FOREIGN KEY (run_id)
	    REFERENCES tier_runs (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Dealers counted by tier, for HQ or a region, from the index alone.
ALTER TABLE orgs ADD KEY orgs_kind_tier (kind, tier, region_id);
