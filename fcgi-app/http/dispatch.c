/*
 * dispatch.c: one request from FastCGI parameters to the written answer
 *
 * Parse and bound the input, find the route, call the handler, render
 * any error in the shape the client expects (JSON under /api, a page
 * elsewhere), write the response, count it and log it.  Handlers never
 * write error pages themselves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/log.h"
#include "../core/metrics.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../views/views.h"
#include "dispatch.h"
#include "http.h"

struct http_settings http_settings = { 1, 1024 * 1024, 3, "dev", NULL, 0,
    NULL, 0 };

static int
request_id_ok(const char *s)
{
	size_t	 n = 0;

	for (; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') ||
		    (s[n] >= 'A' && s[n] <= 'Z') ||
		    (s[n] >= '0' && s[n] <= '9') || s[n] == '-' ||
		    s[n] == '_' || s[n] == '.'))
			return 0;
	return n > 0 && n <= HTTP_REQUEST_ID;
}

static void
set_request_id(struct req *r)
{
	const char	*id = http_env(r, "HTTP_X_REQUEST_ID");

	if (id == NULL || !request_id_ok(id))
		id = http_env(r, "REQUEST_ID");	/* nginx's $request_id */
	if (id != NULL && request_id_ok(id))
		snprintf(r->request_id, sizeof(r->request_id), "%s", id);
	else if (util_random_hex(r->request_id, 33) == -1)
		snprintf(r->request_id, sizeof(r->request_id), "none");
	log_set_request_id(r->request_id);
}

static int
path_ok(const char *p)
{
	size_t	 n = strlen(p);

	if (n == 0 || n > HTTP_MAX_PATH || p[0] != '/')
		return 0;
	for (; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	return util_utf8_valid(p - n, n);
}

/* The worker's database connection, connected if it can be; else NULL. */
struct db *
http_db(struct req *r)
{
	/* Reconnect only before the request's first statement. */
	if (!r->db_used) {
		r->db_used = 1;
		return db_ensure(r->db);
	}
	return db_lost(r->db) ? NULL : r->db;
}

static void
allow_header(struct req *r, unsigned allowed)
{
	struct buf	 b;
	int		 m;

	buf_init(&b);
	for (m = 0; m < HTTP_METHOD__MAX; m++)
		if (allowed & (1u << m))
			buf_printf(&b, "%s%s", b.len ? ", " : "",
			    http_method_name((enum http_method)m));
	http_header(r, "Allow", buf_cstr(&b));
	buf_free(&b);
}

/* Read at most max + 1 bytes so that "too large" can be told. */
static int
read_body(struct req *r, const struct http_io *io)
{
	const char	*cl = http_env(r, "CONTENT_LENGTH");
	size_t		 max = http_settings.max_body, cap, got = 0;
	char		*p, *end;
	long long	 want = 0;
	int		 n;

	if (cl != NULL && *cl != '\0') {
		want = strtoll(cl, &end, 10);
		if (*end != '\0' || want < 0)
			return http_error(r, 400, "bad_request",
			    "Content-Length is not a number");
		if ((unsigned long long)want > max)
			return http_error(r, 413, "payload_too_large",
			    "the body is larger than %zu bytes", max);
	}
	cap = want > 0 ? (size_t)want + 1 : 4096;
	if ((r->body = malloc(cap + 1)) == NULL)
		return http_error(r, 500, "internal", "out of memory");
	for (;;) {
		if (got == cap) {
			if (cap > max)
				return http_error(r, 413, "payload_too_large",
				    "the body is larger than %zu bytes", max);
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			if ((p = realloc(r->body, cap + 1)) == NULL)
				return http_error(r, 500, "internal",
				    "out of memory");
			r->body = p;
		}
		if ((n = io->read(io->ctx, r->body + got, (int)(cap - got))) <= 0)
			break;
		got += (size_t)n;
	}
	if (got > max)
		return http_error(r, 413, "payload_too_large",
		    "the body is larger than %zu bytes", max);
	r->body[got] = '\0';
	r->body_len = got;
	return 0;
}

/* Is the Content-Type ct the media type want (parameters aside)? */
int
http_media_is(const char *ct, const char *want)
{
	size_t	 n = strlen(want);

	return ct != NULL && strncasecmp(ct, want, n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static int
parse_body(struct req *r)
{
	const char	*ct = http_env(r, "CONTENT_TYPE");
	const char	*why;

	if (r->body_len == 0)
		return 0;
	if (http_media_is(ct, "application/json")) {
		if (json_parse_body(r->body, r->body_len, &r->json, &why) == -1)
			return http_error(r, 400, "bad_json", "%s", why);
		return 0;
	}
	/* CSV uploads go to the routes that take them, which read r->body */
	if (r->is_api && http_media_is(ct, "text/csv") &&
	    (r->route->flags & ROUTE_CSV))
		return 0;
	if (http_media_is(ct, "application/x-www-form-urlencoded")) {
		if (form_parse(r->body, r->body_len, &r->form) == -1)
			return http_error(r, 400, "bad_form",
			    "the form data is malformed");
		return 0;
	}
	/* a page's form with a file in it (a CSV to upload) */
	if (!r->is_api && http_media_is(ct, "multipart/form-data")) {
		if (form_multipart(r->body, r->body_len, ct, &r->form) == -1)
			return http_error(r, 400, "bad_form",
			    "the form data is malformed");
		return 0;
	}
	return http_error(r, 415, "unsupported_media_type",
	    "send application/json%s", r->is_api ? "" :
	    ", application/x-www-form-urlencoded or multipart/form-data");
}

/*
 * Check the caller's credentials; once more when the user's lookup lost
 * its connection (the database node died under a pooled connection): the
 * second lookup reconnects, to the next node if need be.  A lookup that
 * renewed a session has committed and is not run again.
 */
static int
authenticate(struct req *r)
{
	size_t	 hlen = r->headers.len;
	int	 st;

	db_request_begin(r->db);
	if ((st = http_authenticate(r)) == 0 || !db_retryable(r->db))
		return st;
	log_info("database error %u while authenticating; once more",
	    db_errno(r->db));
	metrics_db_retry();
	r->headers.len = hlen;
	if (r->headers.data != NULL)
		r->headers.data[hlen] = '\0';
	buf_reset(&r->out);
	fault_clear(&r->err);
	r->authed = r->cookie_auth = 0;
	memset(&r->who, 0, sizeof(r->who));
	memset(&r->user, 0, sizeof(r->user));
	r->db_used = 0;
	db_request_begin(r->db);
	return http_authenticate(r);
}

/* Everything before the handler; returns 0 to go on, else a status. */
static int
prepare(struct req *r, const struct route *routes, size_t nroutes,
    const struct http_io *io)
{
	const char	*m, *p, *q, *c;
	unsigned	 allowed;
	int		 st;

	m = http_env(r, "REQUEST_METHOD");
	r->method_name = m != NULL ? m : "?";
	if ((p = http_env(r, "DOCUMENT_URI")) == NULL)
		p = "/";
	if ((r->path = strdup(p)) == NULL)
		return http_error(r, 500, "internal", "out of memory");
	r->is_api = strncmp(r->path, "/api/", 5) == 0 ||
	    strcmp(r->path, "/api") == 0;
	if ((c = http_env(r, "HTTP_COOKIE")) != NULL &&
	    strlen(c) <= HTTP_MAX_HEADER)
		cookie_parse(c, strlen(c), &r->cookies);
	r->lang = views_lang_code(views_lang_pick(http_cookie(r, "lang"),
	    http_env(r, "HTTP_ACCEPT_LANGUAGE")));
	if (!path_ok(r->path))
		return http_error(r, 400, "bad_path", "the path is malformed");
	if (m == NULL || http_method_parse(m, &r->method) == -1) {
		allow_header(r, (1u << HTTP_GET) | (1u << HTTP_HEAD) |
		    (1u << HTTP_POST));
		return http_error(r, 405, "method_not_allowed",
		    "method not supported");
	}
	if ((q = http_env(r, "QUERY_STRING")) != NULL && *q != '\0') {
		if (strlen(q) > HTTP_MAX_QUERY)
			return http_error(r, 414, "uri_too_long",
			    "the query string is too long");
		if (form_parse(q, strlen(q), &r->query) == -1)
			return http_error(r, 400, "bad_query",
			    "the query string is malformed");
	}
	switch (router_match(routes, nroutes, r->method, r->path, &r->params,
	    &r->route_index, &allowed)) {
	case ROUTER_NOT_FOUND:
		return http_error(r, 404, "not_found", "no such page");
	case ROUTER_BAD_METHOD:
		allow_header(r, allowed);
		return http_error(r, 405, "method_not_allowed",
		    "%s is not allowed here", r->method_name);
	case ROUTER_OK:
		break;
	}
	r->route = &routes[r->route_index];
	if ((r->method == HTTP_POST || r->method == HTTP_PUT ||
	    r->method == HTTP_PATCH || r->method == HTTP_DELETE) &&
	    !(r->route->flags & ROUTE_STREAM)) {
		if ((st = read_body(r, io)) != 0 || (st = parse_body(r)) != 0)
			return st;
	}
	return authenticate(r);
}

/*
 * Forget what a handler's run set, back to what prepare() left: the
 * answer, its headers after the first hlen bytes, and a body the
 * handler may have reshaped (a page's form turned into JSON).
 */
static void
reset_for_rerun(struct req *r, size_t hlen, const char *seed)
{
	buf_reset(&r->out);
	r->headers.len = hlen;
	r->headers.oom = 0;
	if (r->headers.data != NULL)
		r->headers.data[hlen] = '\0';
	/* a CSRF seed made by the run went with its Set-Cookie header */
	snprintf(r->csrf_seed, sizeof(r->csrf_seed), "%s", seed);
	r->content_type = NULL;
	fault_clear(&r->err);
	cJSON_Delete(r->json);
	r->json = NULL;
	http_params_free(&r->form);
	if (r->body != NULL)
		parse_body(r);	/* parsed once already: cannot fail now */
	r->db_used = 0;		/* the rerun may reconnect */
}

/* 10-20 ms, then 20-40, 40-80 ...: racing reruns spread apart. */
void
http_backoff(int attempt)
{
	unsigned	 base = 10u << (attempt < 6 ? attempt : 6), jitter = 0;
	struct timespec	 ts;

	util_random(&jitter, sizeof(jitter));
	base += jitter % base;
	ts.tv_sec = base / 1000;
	ts.tv_nsec = (long)(base % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

/*
 * Run the handler; run it again, as a whole, when its transaction lost
 * a deadlock or a Galera certification (1213), timed out on a lock
 * (1205) or lost its connection before anything was committed.  The
 * transaction's reads, checks and writes all happen again, so the rerun
 * decides on what is there now.  No rerun starts after RERUN_BUDGET
 * seconds, so that the answer comes well inside nginx's 60.  Nor once a
 * streamed answer (stream.c) has sent its head: a rerun would send it
 * and the rows before the failure a second time.  What its status says
 * then is for http_stream_end() to act on.
 */
#define RERUN_BUDGET	15.0

static int
run_handler(struct req *r, double t0)
{
	size_t	 hlen = r->headers.len;
	char	 seed[sizeof(r->csrf_seed)];
	int	 status, attempt;

	memcpy(seed, r->csrf_seed, sizeof(seed));
	db_fault_claim(r->db);
	for (attempt = 0;; attempt++) {
		db_request_begin(r->db);
		r->attempt = attempt;
		status = r->route->handler(r);
		if (r->streamed || !db_retryable(r->db))
			return status;
		if (attempt >= http_settings.tx_retries ||	/* still busy */
		    util_now_mono() - t0 > RERUN_BUDGET)
			return status >= 500 ? http_error(r, 503, "unavailable",
			    "the database is busy; try again") : status;
		log_info("database error %u; running the request again "
		    "(retry %d)", db_errno(r->db), attempt + 1);
		metrics_db_retry();
		db_request_end(r->db);
		reset_for_rerun(r, hlen, seed);
		http_backoff(attempt);
	}
}

/*
 * The answer's status line and headers into h, with Content-Length
 * length; a streamed answer's (length -1) has none, and nginx sends it
 * on chunked.
 */
void
http_head(struct req *r, int status, long long length, struct buf *h)
{
	buf_printf(h, "Status: %d %s\r\n", status, http_status_text(status));
	if (r->content_type != NULL)
		buf_printf(h, "Content-Type: %s\r\n", r->content_type);
	if (length >= 0)
		buf_printf(h, "Content-Length: %lld\r\n", length);
	buf_printf(h, "X-Request-Id: %s\r\n", r->request_id);
	if (strstr(buf_cstr(&r->headers), "Cache-Control:") == NULL)
		buf_adds(h, "Cache-Control: no-store\r\n");
	if (r->content_type != NULL &&
	    strncmp(r->content_type, "text/html", 9) == 0)
		buf_printf(h, "Content-Language: %s\r\nVary: Accept-Language, "
		    "Cookie\r\n", r->lang);
	buf_add(h, r->headers.data, r->headers.len);
	buf_adds(h, "\r\n");
}

static void
write_response(struct req *r, int status, const struct http_io *io)
{
	struct buf	 h;

	buf_init(&h);
	http_head(r, status, (long long)r->out.len, &h);
	io->write(io->ctx, h.data, (int)h.len);
	if (r->method != HTTP_HEAD && r->out.len > 0)
		io->write(io->ctx, r->out.data, (int)r->out.len);
	buf_free(&h);
}

void
http_dispatch(char **envp, const struct http_io *io, struct db *db,
    const struct route *routes, size_t nroutes)
{
	struct req	 r;
	struct log_access a;
	double		 t0 = util_now_mono();
	int		 status;

	metrics_inflight(1);
	memset(&r, 0, sizeof(r));
	r.envp = envp;
	r.io = io;
	r.db = db;
	r.route_index = (size_t)-1;
	set_request_id(&r);
	if ((status = prepare(&r, routes, nroutes, io)) == 0) {
		status = run_handler(&r, t0);
		/* a fault of the database, not of the request: ask again */
		if (!r.streamed && status >= 500 && r.db_used &&
		    db_transient(db))
			status = http_error(&r, 503, "unavailable",
			    "the database is unavailable; try again");
	}
	if (status < 100 || status > 599)
		status = 500;
	if (r.streamed)		/* its head is out: the rest, or the cut */
		status = http_stream_end(&r, status);
	else {
		if (status == 503 && strstr(buf_cstr(&r.headers),
		    "Retry-After:") == NULL)
			http_header(&r, "Retry-After", "1");
		if (status >= 400 && (r.err.code != NULL || r.out.len == 0))
			http_render_error(&r, status);
		write_response(&r, status, io);
	}

	metrics_request(r.route != NULL ? (long)r.route_index : -1, status,
	    util_now_mono() - t0);
	metrics_inflight(-1);
	a.method = r.method_name;
	a.path = r.path != NULL ? r.path : "";
	a.route = r.route != NULL ? r.route->pattern : "";
	a.addr = http_env(&r, "REMOTE_ADDR");
	a.addr = a.addr != NULL ? a.addr : "";
	a.status = status;
	a.ms = (util_now_mono() - t0) * 1000;
	a.bytes = (unsigned long)(r.streamed ? r.sent : r.out.len);
	log_access_write(&a);
	db_request_end(db);
	log_set_request_id(NULL);
	http_req_free(&r);
}
