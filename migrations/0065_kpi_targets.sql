-- 0065_kpi_targets.sql: HQ's goals for the four figures (issue #25), one
-- row, drawn as a dashed target line on every trend of the figure (the
-- dashboard, a dealer's page, the account managers' pages).  Each NULL:
-- no goal, no line.  Set conditionally on version, like tier_config.
--
--   turnover_goal	inventory turnover days, tenths of a day (120:
--			12.0 days; lower is better)
--   margin_target	gross margin, basis points (1500: 15.0 %)
--   resolution_target	complaints resolved within their SLA, basis
--			points (9000: 90.0 %)
--   share_target	our share of the dealers' category sales, basis
--			points (3000: 30.0 %)

CREATE TABLE kpi_targets (
	id		TINYINT UNSIGNED NOT NULL PRIMARY KEY,
	turnover_goal	SMALLINT UNSIGNED NULL,
	margin_target	SMALLINT NULL,
	resolution_target SMALLINT UNSIGNED NULL,
	share_target	SMALLINT UNSIGNED NULL,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	CONSTRAINT kpi_targets_one CHECK (id = 1),
	CONSTRAINT kpi_targets_ranges CHECK (
	    (turnover_goal IS NULL OR turnover_goal BETWEEN 1 AND 3650) AND
	    (margin_target IS NULL OR margin_target BETWEEN -10000 AND 10000) AND
	    (resolution_target IS NULL OR resolution_target <= 10000) AND
	    (share_target IS NULL OR share_target <= 10000))
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
INSERT INTO kpi_targets (id, turnover_goal, margin_target, resolution_target,
	share_target) VALUES (1, 120, 1500, 9000, 3000);
