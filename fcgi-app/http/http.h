/* http.h: the request, the response and the route table's shape */
#ifndef HTTP_HTTP_H
#define HTTP_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../auth/apikey.h"
#include "../auth/auth.h"
#include "../auth/session.h"
#include "../core/buf.h"
#include "../core/fault.h"

struct buf;
struct db;
struct http_io;

enum http_method {
	HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE,
	HTTP_OPTIONS, HTTP_METHOD__MAX
};

/* Limits on what a client may send; past them the request is refused. */
#define HTTP_MAX_PARAMS		256	/* query, form or cookie pairs */
#define HTTP_MAX_NAME		128	/* bytes of a parameter name */
#define HTTP_MAX_QUERY		8192	/* bytes of a query string */
#define HTTP_MAX_HEADER		8192	/* bytes of a header we read */
#define HTTP_MAX_PATH		2048	/* bytes of the path */
#define HTTP_MAX_SEGMENT	256	/* bytes of one path parameter */
#define HTTP_JSON_DEPTH		32	/* nesting of a JSON body */
#define HTTP_JSON_KEYS		256	/* keys of one JSON object */
#define HTTP_REQUEST_ID		64	/* characters of a request id */

struct http_param {
	char	*name;
	char	*value;
	size_t	 len;		/* of value, which is also NUL-terminated */
};

struct http_params {
	struct http_param	*v;
	size_t			 n;
	size_t			 cap;
};

struct req;
typedef int (*http_handler)(struct req *);

struct route {
	enum http_method	 method;
	const char		*pattern;	/* "/api/v1/orders/{number}" */
	http_handler		 handler;
	unsigned		 roles;		/* 0: anyone */
	unsigned		 caps;		/* API keys with one of these may
						 * call it; 0: none (a GET: "read") */
	unsigned		 flags;		/* ROUTE_* */
};

/* A route's flags. */
#define ROUTE_CSV	(1u << 0)	/* under /api, takes a text/csv body */
/*
 * The handler reads the body itself, a piece at a time, through r->io
 * (an upload: multipart.h): the dispatcher authenticates the caller and
 * reads nothing.  A form's CSRF token is then in the body, so the
 * handler checks it (http_csrf_body()) before it keeps anything.
 */
#define ROUTE_STREAM	(1u << 1)

/* An item of the pages' menu (routes.c), in the order shown. */
struct http_menu {
	const char	*path;
	const char	*label;		/* its message key */
	unsigned	 roles;		/* those shown it; 0: everyone */
};

struct req {
	/* What came in. */
	char			**envp;
	enum http_method	 method;
	const char		*method_name;
	char			*path;
	const char		*remote_addr;
	struct http_params	 query;
	struct http_params	 form;
	struct http_params	 cookies;
	struct http_params	 params;	/* from the route pattern */
	char			*body;
	size_t			 body_len;
	cJSON			*json;
	char			 request_id[HTTP_REQUEST_ID + 1];
	const char		*lang;		/* "zh-CN" or "en" */
	int			 is_api;
	const struct route	*route;
	size_t			 route_index;
	struct db		*db;		/* the worker's connection */
	int			 db_used;	/* http_db() was called */
	int			 attempt;	/* 0, or which rerun this is */

	/* Who is calling (authn.c); all from the verified token. */
	int			 authed;
	struct principal	 who;
	struct user_info	 user;
	int			 cookie_auth;	/* by cookie, not Bearer */
	int			 key_auth;	/* by API key (apikey.h) */
	unsigned		 caps;		/* the key's capabilities */
	char			 csrf_seed[33];	/* the browser's CSRF cookie */

	/* What goes out. */
	struct buf		 headers;	/* extra "Name: value\r\n" lines */
	struct buf		 out;		/* the response body */
	const char		*content_type;
	struct fault		 err;		/* the refusal, if any */

	/* A streamed answer (stream.c): written while it is made. */
	const struct http_io	*io;		/* where the answer goes */
	int			 csrf_later;	/* ROUTE_STREAM: in the body */
	void			*stash;		/* a streamed body, as read */
	void			(*stash_free)(void *);
	int			 streamed;	/* the head is out: no rerun */
	int			 stream_gone;	/* a write failed: no reader */
	size_t			 sent;		/* body bytes written so far */
};

/* Process-wide settings, set once at start-up. */
struct http_settings {
	int	 cookie_secure;		/* add "Secure" to cookies */
	size_t	 max_body;		/* bytes; more answers 413 */
	int	 tx_retries;		/* reruns after a lost deadlock */
	const char *version;
	const struct http_menu *menu;	/* the pages' menu */
	size_t	 nmenu;
	int64_t	(*unread)(struct req *);	/* the header's unread count */
	unsigned search_roles;		/* shown the header's search box */
};
extern struct http_settings http_settings;

/* req.c */
const char	*http_env(const struct req *, const char *);
const char	*http_method_name(enum http_method);
int		 http_method_parse(const char *, enum http_method *);
const char	*http_status_text(int);
void		 http_params_free(struct http_params *);
int		 http_params_add(struct http_params *, const char *, size_t,
		    const char *, size_t);
const char	*http_params_get(const struct http_params *, const char *);
const char	*http_query(const struct req *, const char *);
const char	*http_formval(const struct req *, const char *);
const char	*http_cookie(const struct req *, const char *);
const char	*http_param(const struct req *, const char *);
int64_t		 http_param_id(const struct req *, const char *);
void		 http_req_free(struct req *);

/* form.c */
int	form_parse(const char *, size_t, struct http_params *);
int	form_multipart(const char *, size_t, const char *,
	    struct http_params *);
/* "--boundary" of a multipart Content-Type into out: 0 or -1 */
int	form_boundary(const char *, char *, size_t);
int	cookie_parse(const char *, size_t, struct http_params *);
int	form_decode(const char *, size_t, int, struct buf *);

/* json.c */
int	json_parse_body(const char *, size_t, cJSON **, const char **);
int	json_depth_ok(const char *, size_t, int);
int	json_get_string(const cJSON *, const char *, size_t, const char **);
int	json_get_int(const cJSON *, const char *, int64_t, int64_t, int64_t *);
int	json_write(struct buf *, const cJSON *);
/* j's member key (a literal: not copied, never freed) set to a string or number. */
void	json_put_str(cJSON *, const char *, const char *);
void	json_put_num(cJSON *, const char *, double);

/* idem.c */
#define HTTP_IDEM_MAX	100	/* an Idempotency-Key's length */
int	http_idem_ok(const char *);
void	http_idem_check(struct req *, const char *);

/* resp.c */
int	http_json(struct req *, int, cJSON *);
int	http_error(struct req *, int, const char *, const char *, ...)
	    __attribute__((format(printf, 4, 5)));
void	http_field_error(struct req *, const char *, const char *);
int	http_refused(struct req *, int);
int	http_redirect(struct req *, int, const char *);
const char *http_local_path(const char *);
void	http_header(struct req *, const char *, const char *);
void	http_set_cookie(struct req *, const char *, const char *, int);
int	http_text(struct req *, int, const char *, const char *, size_t);

/* dispatch.c, page.c */
struct db	*http_db(struct req *);
int		 http_media_is(const char *, const char *);
void		 http_head(struct req *, int, long long, struct buf *);
void		 http_backoff(int);
int		 http_page(struct req *, int, const char *, cJSON *);
const char	*http_i18n(const struct req *, const char *);
enum lang	 http_lang(const struct req *);
int		 http_menu_shows(const struct req *, const char *);
void		 http_render_error(struct req *, int);
cJSON		*http_page_dealers(struct req *, struct db *, int64_t, int);

/* authn.c */
#define HTTP_COOKIE_ACCESS	"access"
#define HTTP_COOKIE_REFRESH	"refresh"
int	http_authenticate(struct req *);
void	http_set_session_cookies(struct req *, const char *, const char *);
void	http_clear_session_cookies(struct req *);
const char *http_csrf_token(struct req *);
int	http_csrf_body(struct req *, const char *);

/* paging.c */
#define HTTP_PAGE_MAX	100
struct http_paging {
	int64_t	 after;		/* in: the cursor */
	int	 limit;		/* in: page size */
	int64_t	 last;		/* out: id of the last item shown */
	int	 more;		/* out: another page follows */
};
void	http_paging(struct req *, struct http_paging *);
int	http_list_begin(struct req *, struct http_paging *, struct db **);
void	http_paging_cursor(cJSON *, const struct http_paging *);
int	http_cursor_parts(const char *, int, int64_t *);
void	http_limit(struct req *, int *);
struct db_stmt;
int	http_paging_answer(struct req *, struct db_stmt *,
	    struct http_paging *, cJSON *(*)(struct db_stmt *, void *), void *);
int	http_keyset_items(struct db_stmt *, int, cJSON *,
	    cJSON *(*)(struct db_stmt *, void *), void *,
	    void (*)(struct db_stmt *, void *, char *, size_t));
void	http_cursor_id(struct db_stmt *, void *, char *, size_t);
void	http_col_text(cJSON *, const char *, struct db_stmt *, int);
int	http_row_answer(struct req *, struct db_stmt *, int,
	    cJSON *(*)(struct db_stmt *, void *), void *, const char *);

/* page.c: a form's page with its refusal */
void	http_errors_to(struct req *, cJSON *);
int	http_form_page(struct req *, int, const char *, cJSON *, const char *,
	    const char *);

/* stream.c: an answer written while it is made */
int	http_stream_begin(struct req *, int, const char *);
int	http_stream_flush(struct req *);
int	http_stream_end(struct req *, int);

/*
 * export.c: a CSV export of any length, streamed a page at a time.
 * page() appends the next page's rows to its buffer (csv_put) and moves
 * its own cursor past them: 1 when more may follow, 0 after the last
 * page, -1 on a database error with its cursor left where it was (the
 * rows it wrote are cut back).  A page is at most HTTP_EXPORT_PAGE of
 * the list's items, one short statement.
 */
#define HTTP_EXPORT_PAGE	200
struct http_export {
	const char		*filename;	/* "orders.csv" */
	const char *const	*heads;		/* the first row; NULL ends */
	int			(*page)(struct db *, struct buf *, void *);
	void			*ctx;
};
int	http_export_csv(struct req *, const struct http_export *);

/* router.c */
enum router_result { ROUTER_OK, ROUTER_NOT_FOUND, ROUTER_BAD_METHOD };
enum router_result router_match(const struct route *, size_t,
	    enum http_method, const char *, struct http_params *, size_t *,
	    unsigned *);

#endif
