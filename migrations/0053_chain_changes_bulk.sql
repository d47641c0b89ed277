-- 0053_chain_changes_bulk.sql: a bulk load that moves many dealers into
-- chains (the benchmark's seed: 2,000 branches) says so once.
--
-- 0052's trigger wrote a 'tier' change row for every dealer whose chain
-- moved, so a process polling cache_changes read 2,000 rows in one poll
-- (tests/index).  A session that sets @dealernet_bulk (as the seed does,
-- see 0044) writes none, and writes one 'tier' row of id 0 itself:
-- "every dealer's", which each process hears as forgetting all it holds.
DROP TRIGGER orgs_chain_changes;
CREATE TRIGGER orgs_chain_changes AFTER UPDATE ON orgs FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id)
	SELECT 'tier', OLD.id FROM DUAL
	WHERE NOT (OLD.chain_id <=> NEW.chain_id) AND @dealernet_bulk IS NULL;
