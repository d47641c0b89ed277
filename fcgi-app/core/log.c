/* log.c: JSON-lines logs on stderr, tagged with the request id */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"

static atomic_int		 min_level = LOG_INFO;
static _Thread_local char	 request_id[72];
static const char *const	 level_names[LOG__MAX] = {
	"debug", "info", "warn", "error"
};

void
log_set_level(enum log_level l)
{
	atomic_store(&min_level, (int)l);
}

int
log_level_parse(const char *s, enum log_level *out)
{
	int	 i;

	for (i = 0; i < LOG__MAX; i++)
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

void
log_set_request_id(const char *id)
{
	if (id == NULL)
		request_id[0] = '\0';
	else
		snprintf(request_id, sizeof(request_id), "%s", id);
}

const char *
log_request_id(void)
{
	return request_id;
}

static void
add_json_str(struct buf *b, const char *s)
{
	const unsigned char	*p;

	buf_addc(b, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)*p);
		} else if (*p < 0x20 || *p == 0x7f)
			buf_printf(b, "\\u%04x", *p);
		else
			buf_addc(b, (char)*p);
	}
	buf_addc(b, '"');
}

static void
start(struct buf *b, const char *level)
{
	struct timeval	 tv;
	struct tm	 tm;
	char		 ts[32];

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	buf_printf(b, "{\"ts\":\"%s.%03ldZ\",\"level\":\"%s\"", ts,
	    (long)(tv.tv_usec / 1000), level);
	if (request_id[0] != '\0') {
		buf_adds(b, ",\"request_id\":");
		add_json_str(b, request_id);
	}
}

/* One write(2) per line, so lines of concurrent threads never mix. */
static void
finish(struct buf *b)
{
	ssize_t	 r;
	size_t	 off = 0;

	buf_adds(b, "}\n");
	if (b->oom)
		return;
	while (off < b->len) {
		r = write(STDERR_FILENO, b->data + off, b->len - off);
		if (r <= 0)
			break;
		off += (size_t)r;
	}
}

void
log_msg(enum log_level l, const char *where, const char *fmt, ...)
{
	struct buf	 b, m;
	va_list		 ap;

	if ((int)l < atomic_load(&min_level))
		return;
	buf_init(&b);
	buf_init(&m);
	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	start(&b, level_names[l]);
	buf_adds(&b, ",\"where\":");
	add_json_str(&b, where);
	buf_adds(&b, ",\"msg\":");
	add_json_str(&b, buf_cstr(&m));
	finish(&b);
	buf_free(&m);
	buf_free(&b);
}

void
log_access_write(const struct log_access *a)
{
	struct buf	 b;

	if (LOG_INFO < atomic_load(&min_level))
		return;
	buf_init(&b);
	start(&b, "info");
	buf_adds(&b, ",\"msg\":\"request\",\"method\":");
	add_json_str(&b, a->method);
	buf_adds(&b, ",\"path\":");
	add_json_str(&b, a->path);
	buf_adds(&b, ",\"route\":");
	add_json_str(&b, a->route);
	buf_adds(&b, ",\"addr\":");
	add_json_str(&b, a->addr);
	buf_printf(&b, ",\"status\":%d,\"ms\":%.3f,\"bytes\":%lu", a->status,
	    a->ms, a->bytes);
	finish(&b);
	buf_free(&b);
}
