/* dispatch.h: the entry point the server calls once per request */
#ifndef HTTP_DISPATCH_H
#define HTTP_DISPATCH_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct db;
struct req;
struct route;

/*
 * How a request's body is read and its answer written (FastCGI, tests).
 * A streamed answer (stream.c) also flushes what write() buffered after
 * each piece, and a failed one is cut off: abort() ends the connection
 * without the end of the request, so the web server cannot take the
 * piece sent for the whole answer.  NULL flush or abort: nothing to do.
 */
struct http_io {
	void	*ctx;
	int	(*read)(void *, char *, int);
	int	(*write)(void *, const char *, int);
	int	(*flush)(void *);
	void	(*abort)(void *);
};

void	http_dispatch(char **, const struct http_io *, struct db *,
	    const struct route *, size_t);

#endif
