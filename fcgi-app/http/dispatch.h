/* dispatch.h: the entry point the server calls once per request */
#ifndef HTTP_DISPATCH_H
#define HTTP_DISPATCH_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct db;
struct req;
struct route;

/* How a request's body is read and its answer written (FastCGI, tests). */
struct http_io {
	void	*ctx;
	int	(*read)(void *, char *, int);
	int	(*write)(void *, const char *, int);
};

void	http_dispatch(char **, const struct http_io *, struct db *,
	    const struct route *, size_t);

#endif
