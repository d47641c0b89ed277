/* feed.h: the event feed the ERP pulls, in commit order */
#ifndef FEED_FEED_H
#define FEED_FEED_H

#include <stdint.h>

#include <cjson/cJSON.h>

struct db;
struct db_stmt;
struct req;

#define FEED_BATCH	500	/* events numbered per call, at most */

/* feed_seq.c */
int	feed_sequence(struct db *, int *);

/*
 * feed_http.c: the numbered events after a cursor, in order; columns
 * 0 seq, 1 type, 5 dealer_id (NULL: none), 7 the row's id, and the rest
 * for feed_event_json().
 */
struct db_stmt	*feed_events_after(struct db *, int64_t, int);
cJSON		*feed_event_json(struct db_stmt *);
int	feed_get(struct req *);

#endif
