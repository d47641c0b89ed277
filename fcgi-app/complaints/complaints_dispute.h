/*
 * complaints_dispute.h: what the ledger asks of complaints: a disputed
 * statement opens a complaint, and settling the dispute resolves it
 * (both in the ledger's transaction).
 */
#ifndef COMPLAINTS_COMPLAINTS_DISPUTE_H
#define COMPLAINTS_COMPLAINTS_DISPUTE_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct principal;

/* complaints_file_db.c */
int64_t	complaints_store(struct db *, const struct principal *,
	    const char *const *, int64_t, const char *, const char *, char *,
	    size_t);

/* complaints_handle_db.c */
int	complaints_settle(struct db *, int64_t, int64_t, const char *,
	    const char *);

#endif
