/* resp.c: what a handler sets before it returns its status */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

/* Put j (deleted here) in the body as JSON; returns status. */
int
http_json(struct req *r, int status, cJSON *j)
{
	buf_reset(&r->out);
	r->content_type = "application/json";
	if (j == NULL || json_write(&r->out, j) == -1 ||
	    buf_addc(&r->out, '\n') == -1) {
		cJSON_Delete(j);
		return http_error(r, 500, "internal", "out of memory");
	}
	cJSON_Delete(j);
	return status;
}

/*
 * Record an error; the dispatcher renders it as JSON under /api and as
 * a page elsewhere.  Returns status, so handlers can "return http_error()".
 */
int
http_error(struct req *r, int status, const char *code, const char *fmt, ...)
{
	va_list	 ap;

	buf_reset(&r->out);
	r->err.code = code;
	va_start(ap, fmt);
	vsnprintf(r->err.msg, sizeof(r->err.msg), fmt, ap);
	va_end(ap);
	return status;
}

/*
 * Answer the refusal a domain operation wrote into r->err (its status,
 * e.g. 409 or 422), dropping anything half-written to the body.
 */
int
http_refused(struct req *r, int status)
{
	buf_reset(&r->out);
	return status;
}

/* A message for one input field, e.g. "lines[0].quantity". */
void
http_field_error(struct req *r, const char *field, const char *msg)
{
	fault_field(&r->err, field, msg);
}

void
http_header(struct req *r, const char *name, const char *value)
{
	/* Header values come from us, but never let a newline through. */
	if (strpbrk(value, "\r\n") != NULL || strpbrk(name, "\r\n:") != NULL)
		return;
	buf_printf(&r->headers, "%s: %s\r\n", name, value);
}

/*
 * A path on this site to send a browser to: it starts with one "/", and
 * has no control characters (browsers drop tabs, so "/\t/x" would turn
 * into "//x", another host).  Else NULL.
 */
const char *
http_local_path(const char *p)
{
	const char	*q;

	if (p == NULL || p[0] != '/' || p[1] == '/' || p[1] == '\\' ||
	    strlen(p) > 2048)
		return NULL;
	for (q = p; *q != '\0'; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			return NULL;
	return p;
}

/* Location must be a local path (else "/"). */
int
http_redirect(struct req *r, int status, const char *location)
{
	if (http_local_path(location) == NULL)
		location = "/";
	http_header(r, "Location", location);
	buf_reset(&r->out);
	return status;
}

/*
 * A cookie for the whole site: max_age > 0 keeps it that many seconds,
 * 0 makes it a session cookie, < 0 drops it.
 */
void
http_set_cookie(struct req *r, const char *name, const char *value,
    int max_age)
{
	struct buf	 line;

	buf_init(&line);
	buf_printf(&line, "%s=%s; Path=/", name, max_age < 0 ? "" : value);
	if (max_age != 0)
		buf_printf(&line, "; Max-Age=%d", max_age < 0 ? 0 : max_age);
	buf_printf(&line, "; HttpOnly; SameSite=Strict%s",
	    http_settings.cookie_secure ? "; Secure" : "");
	if (!line.oom)
		http_header(r, "Set-Cookie", buf_cstr(&line));
	buf_free(&line);
}

int
http_text(struct req *r, int status, const char *ctype, const char *s,
    size_t n)
{
	buf_reset(&r->out);
	buf_add(&r->out, s, n);
	r->content_type = ctype;
	return status;
}
