-- 0014_allocations.sql: payments matched to invoices, in full or in part,
-- never beyond what is open on either.
CREATE TABLE allocations (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	dealer_id	BIGINT UNSIGNED NOT NULL,
	payment_id	BIGINT UNSIGNED NOT NULL,
	invoice_id	BIGINT UNSIGNED NOT NULL,
	amount		BIGINT NOT NULL,
	actor_user_id	BIGINT UNSIGNED NOT NULL,
	created_at	DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	KEY allocations_payment (payment_id, amount),
	KEY allocations_invoice (invoice_id, amount),
	KEY allocations_dealer (dealer_id, id),
	CONSTRAINT allocations_payment_fk FOREIGN KEY (payment_id)
	    REFERENCES ledger_entries (id),
	CONSTRAINT allocations_invoice_fk FOREIGN KEY (invoice_id)
	    REFERENCES ledger_entries (id),
	CONSTRAINT allocations_amount CHECK (amount > 0)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
