/*
 * stream.c: an answer written while it is made
 *
 * The dispatcher writes a handler's answer from r->out once the handler
 * returns, so an answer is held whole in memory: an export of 100,000
 * orders would be some 50 MB in one request.  A streamed answer sends
 * its status and headers first (no Content-Length: nginx passes it on
 * chunked) and then its body a piece at a time: the handler fills r->out
 * with a page and http_stream_flush() hands it to FastCGI, flushed, and
 * empties it, so the process holds one page, whatever the length.
 *
 * Once the head is out the answer is committed.  The dispatcher neither
 * runs the handler again (a rerun after a lost deadlock would send a
 * second head and the rows before the failure twice) nor writes an
 * error answer: a handler that fails after that returns its error status
 * as usual, and http_stream_end() cuts the answer off.  The FastCGI
 * connection is then closed without the request's end record, which
 * nginx (with fastcgi_keep_conn on, as deploy/nginx sets it) takes for
 * an upstream that died: it closes the client's connection without the
 * chunked body's last chunk, which every HTTP client reports as a
 * truncated transfer (curl exits 18, fetch() rejects reading the body, a
 * browser marks the download failed).  A complete answer always ends
 * with that last chunk.
 */
#include <limits.h>

#include "../core/buf.h"
#include "../core/log.h"
#include "dispatch.h"
#include "http.h"

/*
 * Send the status and headers (r->headers, the content type ctype) of a
 * streamed answer; the body follows through http_stream_flush().  0, or
 * -1 when the web server is gone (the answer is committed all the same).
 */
int
http_stream_begin(struct req *r, int status, const char *ctype)
{
	struct buf	 h;
	int		 rc = 0;

	r->content_type = ctype;
	r->streamed = status;
	buf_init(&h);
	http_head(r, status, -1, &h);
	if (h.oom || h.len > INT_MAX)
		rc = -1;
	else if (r->io->write(r->io->ctx, h.data, (int)h.len) < 0) {
		r->stream_gone = 1;
		rc = -1;
	}
	buf_free(&h);
	return rc;
}

/*
 * Send what r->out holds, flushed, and empty it (a HEAD request's body
 * is dropped).  0, or -1 when it could not go: the piece ran out of
 * memory, or the web server is gone (r->stream_gone: nginx closes its
 * connection to the app when the client goes away).
 */
int
http_stream_flush(struct req *r)
{
	int	 rc = 0;

	if (r->stream_gone || r->out.oom || r->out.len > INT_MAX)
		rc = -1;
	else if (r->method != HTTP_HEAD && r->out.len > 0) {
		if (r->io->write(r->io->ctx, r->out.data, (int)r->out.len) < 0 ||
		    (r->io->flush != NULL && r->io->flush(r->io->ctx) < 0)) {
			r->stream_gone = 1;
			rc = -1;
		} else
			r->sent += r->out.len;
	}
	buf_reset(&r->out);
	return rc;
}

/*
 * The end of a streamed answer, from the dispatcher: what is left of the
 * body, or, when the handler failed after its head went out (status 4xx
 * or 5xx) or the rest cannot be sent, the cut.  The status to count and
 * log: status, or 499 (nginx's "client closed request") when the reader
 * went away, which is no failure of the app's.
 */
int
http_stream_end(struct req *r, int status)
{
	if (status < 400 && http_stream_flush(r) == 0)
		return status;
	buf_reset(&r->out);
	if (r->io->abort != NULL)
		r->io->abort(r->io->ctx);
	if (r->stream_gone) {
		log_info("streamed answer's reader went away after %zu bytes "
		    "of its body", r->sent);
		return 499;
	}
	log_warn("streamed answer cut off after %zu bytes of its body "
	    "(status %d)", r->sent, status);
	return status;
}
