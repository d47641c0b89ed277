/*
 * db_demo.h: the demo year's shape (db_demo.c), shared by the features'
 * demo seeds: the seed every draw hashes with, and each dealer's factors.
 */
#ifndef DB_DEMO_H
#define DB_DEMO_H

#include <stdint.h>

#include "db.h"

#define DB_DEMO_SEED	25	/* the demo's seed, unless told another */
/* a number 0..2^32-1 drawn from the demo's seed and the SQL terms given */
#define DEMO_HASH(terms) "CRC32(CONCAT_WS(':', @demo_seed, " terms "))"
int64_t	db_demo_seed_number(const char *);
int	db_demo_seed_set(struct db *, int64_t);
int	db_demo_shape(struct db *);

#endif
