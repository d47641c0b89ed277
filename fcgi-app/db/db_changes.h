/* db_changes.h: what the database says changed, for what a process holds */
#ifndef DB_DB_CHANGES_H
#define DB_DB_CHANGES_H

#include <stdint.h>

struct db;

/*
 * A process may keep rows it read (a user's check, the catalogue) when it
 * hears of their changes: every change writes a cache_changes row (by
 * trigger, in the change's own transaction) and changes_tick() reads them
 * four times a second and tells the kind's subscriber.  A process that
 * has not polled successfully for CHANGES_FRESH_MS holds nothing.
 *
 *	take g = changes_generation() before reading the database;
 *	keep what was read only if changes_usable(g) still says 1;
 *	use what is kept only while changes_usable(changes_generation()).
 *
 * The bound: a change committed on any node is heard of within one poll
 * (250 ms) and a poll's time; a process that cannot poll stops using what
 * it holds after CHANGES_FRESH_MS.  A change made by this process is
 * passed on at once by changes_local().
 */
#define CHANGES_POLL_MS		250
#define CHANGES_FRESH_MS	1000
#define CHANGES_KINDS		8

typedef void	(*changes_fn)(int64_t);	/* the id; 0: every one of the kind */

int		 changes_on(const char *, changes_fn);
void		 changes_tick(struct db *);
int		 changes_poll(struct db *);
uint64_t	 changes_generation(void);
int		 changes_usable(uint64_t);
int		 changes_drop_due(double *, double);
void		 changes_local(const char *, int64_t);
void		 changes_settled(void);

#endif
