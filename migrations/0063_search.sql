-- 0063_search.sql: one search box over numbers and text (issue #24).
--
-- Numbers are found through the indexes they already have: an order's
-- number (orders_number), its PO number (orders_po), a complaint's
-- number (complaints_number), a model's code (products_code), and, new
-- here, a waybill (order_events_waybill: every shipment writes its
-- carrier and waybill on the order's timeline, a demo or old order's
-- "shipped" event too, so that one index finds them all).
--
-- Words of a complaint's subject, description and thread are found
-- through our own inverted index, search_terms, not InnoDB FULLTEXT:
-- MariaDB has no ngram parser, and Chinese has no spaces.  The app's
-- tokenizer (search/search_rules.c) cuts text into terms (a Chinese
-- character and each pair of neighbours, lower-cased Latin words and
-- digits) and writes one row per (term, complaint) in the transaction
-- that writes the text: filing, a reply, a note.  term is the 64-bit
-- FNV-1a hash of the term's UTF-8 bytes.
--
-- weight is the best field the term is in (subject 4, description 2, a
-- message or note 1); dealer_sees is 0 when the term is only in staff's
-- internal notes, which a dealer's or chain's search must not match.  A
-- reply's terms already there update the row (the greater weight, the
-- wider audience): a row is one complaint's, so two replies to two
-- complaints never write the same row (Galera certifies each key), and
-- a term in every complaint is as many rows, never one hot row.
--
-- Each scope path reads its own index, in which the caller's key comes
-- right after the term, so a dealer's or a region's search reads only
-- its own postings: HQ the primary key, a region search_terms_region, a
-- dealer (a chain: its dealers) search_terms_dealer; both carry what the
-- ranking sums, so no row is read beyond the index.  The complaint's
-- region is copied as the complaints list reads c.region_id; a dealer's
-- chain is read when searching (orgs.chain_id), as the list does.
CREATE TABLE search_terms (
	term		BIGINT NOT NULL,
	complaint_id	BIGINT UNSIGNED NOT NULL,
	dealer_id	BIGINT UNSIGNED NOT NULL,
	region_id	BIGINT UNSIGNED NOT NULL,
	weight		TINYINT UNSIGNED NOT NULL,
	dealer_sees	TINYINT(1) NOT NULL,
	PRIMARY KEY (term, complaint_id),
	KEY search_terms_dealer (term, dealer_id, complaint_id, dealer_sees,
	    weight),
	KEY search_terms_region (term, region_id, complaint_id, dealer_sees,
	    weight),
	CONSTRAINT search_terms_weight CHECK (weight BETWEEN 1 AND 8)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- The complaints filed before this migration are indexed by `dealernetd
-- reindex` (the deploy runs it after migrate): a migration cannot cut
-- Chinese into terms.  It indexes ids done < id <= upto, a batch per
-- transaction, moving done on with each; whatever is filed from now on
-- is indexed as it is written.  `dealernetd reindex --all` starts over
-- (a changed tokenizer).
CREATE TABLE search_backfill (
	kind		VARCHAR(16) CHARACTER SET ascii NOT NULL PRIMARY KEY,
	done		BIGINT UNSIGNED NOT NULL DEFAULT 0,
	upto		BIGINT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

INSERT INTO search_backfill (kind, done, upto)
	SELECT 'complaints', 0, COALESCE(MAX(id), 0) FROM complaints;

ALTER TABLE order_events ADD KEY order_events_waybill (waybill);
