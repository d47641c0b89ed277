-- 0047_org_name_changes.sql: an organisation's names changed, for the
-- names each process holds (auth/org_names.c, issue #22).  The order
-- lists and the order read no longer join orgs for the dealer's name; a
-- renamed dealer is shown by every node within a poll of cache_changes.
CREATE TRIGGER orgs_name_changes AFTER UPDATE ON orgs FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id)
	SELECT 'org_name', OLD.id FROM DUAL
	WHERE NOT (OLD.name_zh <=> NEW.name_zh AND OLD.name_en <=> NEW.name_en);
