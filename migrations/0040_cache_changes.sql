-- 0040_cache_changes.sql: what changed that a process may hold in memory
-- (issue #22).
--
-- The per-request check of a signed-in user (enabled, on the token's
-- version, in its organisation, its session not ended) was a statement on
-- every request.  Each process now keeps what it read, and a poller reads
-- this table four times a second: a row says "forget what you hold of this
-- user (or organisation)".  Triggers write the rows, so no code path that
-- changes a user can forget to; a row is written in the transaction of the
-- change, so nothing is said for a rollback and nothing lost for a commit,
-- and on a Galera cluster it replicates with the change itself.
CREATE TABLE cache_changes (
	id	BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	kind	VARCHAR(16) NOT NULL,		-- 'user', 'org', or a feature's
	ref_id	BIGINT UNSIGNED NOT NULL,	-- its id; 0: every one of the kind
	-- a TIMESTAMP, so that the writer's session time zone cannot put a
	-- row outside the poll's window
	at	TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	KEY cache_changes_at (at)
) ENGINE=InnoDB;

-- A user: what the check reads or returns (its login, name, language).
CREATE TRIGGER users_cache_changes AFTER UPDATE ON users FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id)
	SELECT 'user', OLD.id FROM DUAL
	WHERE NOT (OLD.token_version <=> NEW.token_version AND
	    OLD.disabled <=> NEW.disabled AND OLD.org_id <=> NEW.org_id AND
	    OLD.login <=> NEW.login AND OLD.display_name <=> NEW.display_name AND
	    OLD.lang <=> NEW.lang AND OLD.roles <=> NEW.roles);
CREATE TRIGGER users_cache_gone AFTER DELETE ON users FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id) VALUES ('user', OLD.id);

-- An organisation switched off (or moved) turns away all its users.
CREATE TRIGGER orgs_cache_changes AFTER UPDATE ON orgs FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id)
	SELECT 'org', OLD.id FROM DUAL
	WHERE NOT (OLD.active <=> NEW.active AND OLD.kind <=> NEW.kind AND
	    OLD.region_id <=> NEW.region_id);

-- A session ended (signed out, ended from the account page, replayed).
CREATE TRIGGER sessions_cache_changes AFTER UPDATE ON sessions FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id)
	SELECT 'user', OLD.user_id FROM DUAL
	WHERE NOT (OLD.ended_at <=> NEW.ended_at);
CREATE TRIGGER sessions_cache_gone AFTER DELETE ON sessions FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id) VALUES ('user', OLD.user_id);
