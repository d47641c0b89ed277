/* server.h: the supervising master and its multi-threaded worker */
#ifndef SERVER_H
#define SERVER_H

#include <stddef.h>

struct conf;
struct db_params;
struct route;

int	server_run(const struct conf *, const struct db_params *,
	    const struct route *, size_t);

#endif
