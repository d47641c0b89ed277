-- 0042_catalogue_changes.sql: what an order's pricing holds in memory
-- (issue #22).
--
-- A submission read its products, their option schemas, the promotions
-- in force and the dealer's tier with a statement each.  Each process now
-- keeps them (catalogue_cache.c) and forgets them when a row below says
-- they changed: 'catalogue' for a product, a category or a promotion
-- (ref: its id; the process forgets all prices), 'tier' for a dealer's
-- tier (ref: the dealer).  Written by trigger, in the change's own
-- transaction, so that no path that changes a price (the admin, the seeds,
-- a statement run by hand on any node) can forget to say so.
CREATE TRIGGER products_cache_new AFTER INSERT ON products FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id) VALUES ('catalogue', NEW.id);
CREATE TRIGGER products_cache_changes AFTER UPDATE ON products FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id) VALUES ('catalogue', NEW.id);
CREATE TRIGGER products_cache_gone AFTER DELETE ON products FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id) VALUES ('catalogue', OLD.id);

CREATE TRIGGER categories_cache_new AFTER INSERT ON categories FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id) VALUES ('catalogue', 0);
CREATE TRIGGER categories_cache_changes AFTER UPDATE ON categories
	FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id) VALUES ('catalogue', 0);
CREATE TRIGGER categories_cache_gone AFTER DELETE ON categories FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id) VALUES ('catalogue', 0);

CREATE TRIGGER promotions_cache_new AFTER INSERT ON promotions FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id) VALUES ('catalogue', NEW.id);
CREATE TRIGGER promotions_cache_changes AFTER UPDATE ON promotions
	FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id) VALUES ('catalogue', NEW.id);
CREATE TRIGGER promotions_cache_gone AFTER DELETE ON promotions FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id) VALUES ('catalogue', OLD.id);

-- A dealer's tier picks its promotions; a dealer no longer one has none.
CREATE TRIGGER orgs_tier_changes AFTER UPDATE ON orgs FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id)
	SELECT 'tier', OLD.id FROM DUAL
	WHERE NOT (OLD.tier <=> NEW.tier AND OLD.kind <=> NEW.kind);
CREATE TRIGGER orgs_tier_gone AFTER DELETE ON orgs FOR EACH ROW
	INSERT INTO cache_changes (kind, ref_id) VALUES ('tier', OLD.id);
