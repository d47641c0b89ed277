-- 0013_ledger_posting.sql: postings by finance clerks and the ERP are
-- idempotent by their reference (per dealer and kind), a correction
-- reverses one entry once, and the account lists by kind read an index.
ALTER TABLE ledger_entries
	ADD UNIQUE KEY ledger_reference (dealer_id, kind, reference),
	ADD UNIQUE KEY ledger_reverses (reverses_id),
	ADD KEY ledger_dealer_kind (dealer_id, kind, id);
