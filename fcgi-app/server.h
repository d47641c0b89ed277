/* server.h: the supervising master and its multi-threaded worker */
#ifndef SERVER_H
#define SERVER_H

#include <stddef.h>

struct conf;
struct db_params;
struct route;

struct db;

/*
 * Work the worker process does every so many seconds (the sweep, the
 * notifications' delivery), each on a thread and connection of its own;
 * a list ended by one with no fn, at most SERVER_TICKS.
 */
struct server_tick {
	void	(*fn)(struct db *);
	int	 seconds;
};
#define SERVER_TICKS	12

int	server_run(const struct conf *, const struct db_params *,
	    const struct route *, size_t, const struct server_tick *);
int	server_login_threads(const struct conf *);

/* server_conns.c: connections nginx keeps open, served by any thread */
struct FCGX_Request;
int	server_conns_new(int);
int	server_conns_next(int, int, struct FCGX_Request *);
void	server_conns_keep(int, struct FCGX_Request *);

#endif
