/*
 * export.c: a CSV export of any length, read and sent a page at a time
 *
 * The file is RFC 4180 in UTF-8 with a BOM, so that spreadsheet programs
 * show Chinese text, its fields written by csv_put() (which guards a
 * field a spreadsheet would run as a formula).  Its pages are the list's
 * keyset pages: each is one short statement, read whole (db_stmt.c),
 * written, flushed and forgotten before the next is read, so a worker
 * holds one page whatever the export's length.  No transaction spans
 * the pages: none holds InnoDB's undo history for the length of a
 * download, and each page shows its rows as they are when it is read
 * (rows added after the first page, above its cursor, do not show).
 *
 * The first page is read before anything is sent, so a failure there is
 * an ordinary answer: the dispatcher runs the request again after a lost
 * deadlock, answers 503 for the database's state, 500 else.  After the
 * head is out the request cannot be run again (stream.c): a page whose
 * statement lost its connection, a deadlock or a lock wait is read again
 * by itself, on a new connection if need be, up to tx_retries times,
 * from the same cursor, so the file still holds every row once.  Any
 * other failure cuts the answer off, which the client sees as a
 * truncated transfer.
 */
#include <stdio.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/csv.h"
#include "../core/log.h"
#include "../core/metrics.h"
#include "../db/db.h"
#include "http.h"

/* The next page into r->out: 1 more, 0 done, -1 failed (rows cut back). */
static int
next_page(struct req *r, struct db *db, const struct http_export *x)
{
	size_t	 mark = r->out.len;
	int	 more;

	if ((more = x->page(db, &r->out, x->ctx)) == -1 || r->out.oom) {
		r->out.len = mark;
		r->out.oom = 0;
		if (r->out.data != NULL)
			r->out.data[mark] = '\0';
		return -1;
	}
	return more;
}

/*
 * A page that failed after the head went out, read again while the
 * failure is one that passes (db_retryable) and retries are left: 1 more,
 * 0 done, -1 for good.
 */
static int
page_again(struct req *r, const struct http_export *x)
{
	int	 attempt, more = -1;

	for (attempt = 0; more == -1 && db_retryable(r->db) &&
	    attempt < http_settings.tx_retries; attempt++) {
		log_info("database error %u in a streamed answer; reading its "
		    "page again (retry %d)", db_errno(r->db), attempt + 1);
		metrics_db_retry();
		http_backoff(attempt);
		db_request_begin(r->db);
		/* no transaction to lose: reconnect if it is gone */
		if (db_ensure(r->db) == NULL)
			break;
		more = next_page(r, r->db, x);
	}
	return more;
}

/*
 * Answer x as a streamed CSV attachment: its heads, then every page.
 * 200 once streamed (a later failure cuts the answer off), or, before
 * anything was sent, 503 or 500.
 */
int
http_export_csv(struct req *r, const struct http_export *x)
{
	struct db	*db;
	char		 disp[160];
	size_t		 i;
	int		 more;

	if ((db = http_db(r)) == NULL)
		return 503;
	buf_reset(&r->out);
	buf_add(&r->out, CSV_BOM, strlen(CSV_BOM));
	for (i = 0; x->heads[i] != NULL; i++)
		csv_put(&r->out, x->heads[i], x->heads[i + 1] == NULL);
	if ((more = next_page(r, db, x)) == -1) {
		buf_reset(&r->out);
		return 500;
	}
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"",
	    x->filename);
	http_header(r, "Content-Disposition", disp);
	if (http_stream_begin(r, 200, "text/csv; charset=utf-8") == -1 ||
	    http_stream_flush(r) == -1)
		return 500;
	if (r->method == HTTP_HEAD)
		return 200;
	while (more == 1) {
		if ((more = next_page(r, db, x)) == -1 &&
		    (more = page_again(r, x)) == -1)
			return 500;
		if (http_stream_flush(r) == -1)
			return 500;
	}
	return 200;
}
