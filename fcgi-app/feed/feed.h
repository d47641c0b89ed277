/* feed.h: the event feed the ERP pulls, in commit order */
#ifndef FEED_FEED_H
#define FEED_FEED_H

struct db;
struct req;

#define FEED_BATCH	500	/* events numbered per call, at most */

/* feed_seq.c */
int	feed_sequence(struct db *, int *);

/* feed_http.c */
int	feed_get(struct req *);

#endif
