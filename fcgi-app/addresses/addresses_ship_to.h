/*
 * addresses_ship_to.h: what orders ask of the address book
 * (addresses_ship_to_db.c): an address's text to copy into an order, and
 * the dealer's addresses to choose from on the draft.
 */
#ifndef ADDRESSES_ADDRESSES_SHIP_TO_H
#define ADDRESSES_ADDRESSES_SHIP_TO_H

#include <stddef.h>
#include <stdint.h>

struct db;

/* name (100) + contact (100) + phone (32) + address (300), as UTF-8 */
#define ADDRESS_TEXT_MAX	2200

int	addresses_ship_to_text(struct db *, int64_t, int64_t, char *, size_t);
int	addresses_each(struct db *, int64_t, void (*)(void *, int64_t,
	    const char *, const char *, int), void *);

#endif
