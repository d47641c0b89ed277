/* server.h: the supervising master and its multi-threaded worker */
#ifndef SERVER_H
#define SERVER_H

#include <stddef.h>

struct conf;
struct db_params;
struct route;

struct db;

/* Work the worker process does every so many seconds (the sweep). */
struct server_tick {
	void	(*fn)(struct db *);
	int	 seconds;
};

int	server_run(const struct conf *, const struct db_params *,
	    const struct route *, size_t, const struct server_tick *);

#endif
