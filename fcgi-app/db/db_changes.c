/*
 * db_changes.c: what the database says changed, for what a process holds
 *
 * A cache_changes row is written by trigger in the transaction of the
 * change.  Its id comes from AUTO_INCREMENT when the row is written, but
 * it becomes visible at the commit, which may come later than that of a
 * row with a higher id; so the poll does not read "ids above the last
 * seen" (which would skip such a row for good) but every row of the last
 * CHANGES_WINDOW_S seconds, and passes on only those it had not seen in
 * the poll before.  A transaction longer than the window would be missed:
 * the database's lock wait and the app's read timeout end any of ours
 * long before.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "../core/log.h"
#include "../core/stop.h"
#include "../core/util.h"
#include "db.h"
#include "db_changes.h"

#define CHANGES_WINDOW_S	120
#define CHANGES_SEEN_MAX	4096	/* more rows in the window: forget all */

static const char sql_poll[] =
	"SELECT id, kind, ref_id FROM cache_changes "
	"WHERE at >= NOW(6) - INTERVAL 120 SECOND ORDER BY id LIMIT 4097";
static const char sql_purge[] =
	"DELETE FROM cache_changes WHERE at < NOW(6) - INTERVAL 1 HOUR "
	"LIMIT 1000";

static struct {
	char		 kind[17];
	changes_fn	 fn;
} subs[CHANGES_KINDS];
static int		 nsubs;

static _Atomic uint64_t	 generation = 1;
static _Atomic int64_t	 fresh_until;	/* monotonic ms; 0: never polled */

/* The ids the last poll saw, ascending; only the poll touches them. */
static pthread_mutex_t	 poll_mu = PTHREAD_MUTEX_INITIALIZER;
static uint64_t		 seen[2][CHANGES_SEEN_MAX + 1];
static size_t		 nseen[2];
static int		 cur;
static int		 polled;	/* a first poll done: its rows are old */

/* Subscribe fn to a kind; before the threads start. */
int
changes_on(const char *kind, changes_fn fn)
{
	if (nsubs >= CHANGES_KINDS || strlen(kind) >= sizeof(subs[0].kind))
		return -1;
	snprintf(subs[nsubs].kind, sizeof(subs[nsubs].kind), "%s", kind);
	subs[nsubs++].fn = fn;
	return 0;
}

uint64_t
changes_generation(void)
{
	return atomic_load(&generation);
}

/*
 * Under a holder's own lock: 1 once every every_s seconds, when the holder
 * drops everything it keeps (a bound on anything a lost change row could
 * leave behind); *at is the holder's next time, monotonic.
 */
int
changes_drop_due(double *at, double every_s)
{
	double	 now = util_now_mono();

	if (now < *at)
		return 0;
	*at = now + every_s;
	return 1;
}

/* May what was read at generation gen be kept, or be used, now? */
int
changes_usable(uint64_t gen)
{
	return gen == atomic_load(&generation) &&
	    util_now_mono_ms() < atomic_load(&fresh_until);
}

/*
 * Tell the kind's subscribers.  The generation moves first, so that a
 * reader that took the old one before the change was visible cannot keep
 * what it read after the subscriber has forgotten it.
 */
static void
tell(const char *kind, int64_t ref)
{
	int	 i;

	atomic_fetch_add(&generation, 1);
	for (i = 0; i < nsubs; i++)
		if (kind == NULL || strcmp(subs[i].kind, kind) == 0)
			subs[i].fn(kind == NULL ? 0 : ref);
}

/*
 * This process changes it: forget it here now, not a poll later, and once
 * more when the request ends (changes_settled(), from db_request_end()),
 * so that nothing read by another thread between the change and its
 * commit stays.  kind must be a string constant.
 */
static _Thread_local struct {
	const char	*kind;
	int64_t		 ref;
} pending[8];
static _Thread_local size_t	 npending;
static _Thread_local int	 pending_all;

void
changes_local(const char *kind, int64_t ref)
{
	tell(kind, ref);
	if (npending == sizeof(pending) / sizeof(pending[0]))
		pending_all = 1;
	else {
		pending[npending].kind = kind;
		pending[npending++].ref = ref;
	}
}

/* The request's transactions are over: its changes once more. */
void
changes_settled(void)
{
	size_t	 i;

	if (pending_all)
		tell(NULL, 0);
	else
		for (i = 0; i < npending; i++)
			tell(pending[i].kind, pending[i].ref);
	npending = 0;
	pending_all = 0;
}

static int
was_seen(uint64_t id)
{
	const uint64_t	*a = seen[cur];
	size_t		 lo = 0, hi = nseen[cur], mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (a[mid] == id)
			return 1;
		if (a[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * One poll: pass on every row of the window the last poll did not see.
 * 0, or -1 on a database error (then nothing is usable until a poll
 * succeeds).
 */
int
changes_poll(struct db *db)
{
	struct db_stmt	*s;
	int64_t		 start = util_now_mono_ms();
	size_t		 n = 0;
	int		 next, rc, all = 0;
	uint64_t	 id;

	pthread_mutex_lock(&poll_mu);
	next = !cur;
	if ((s = db_prepare(db, sql_poll)) == NULL)
		goto fail;
	while ((rc = db_step(s)) == DB_ROW) {
		id = (uint64_t)db_col_int(s, 0);
		if (n == CHANGES_SEEN_MAX) {
			all = 1;	/* too many to follow: forget all */
			continue;
		}
		seen[next][n++] = id;
		if (polled && !all && !was_seen(id))
			tell(db_col_text(s, 1, NULL), db_col_int(s, 2));
	}
	db_stmt_release(s);
	if (rc == DB_ERROR)
		goto fail;
	/*
	 * The first poll's rows are old news, but what a thread read before
	 * it may be older still: the generation moves, so nothing read
	 * before the first poll is kept.
	 */
	if (!polled || all)
		tell(NULL, 0);
	nseen[next] = n;
	cur = next;
	polled = 1;
	atomic_store(&fresh_until, start + CHANGES_FRESH_MS);
	pthread_mutex_unlock(&poll_mu);
	return 0;
fail:
	/* what was held may have changed unheard: hold nothing until a poll */
	atomic_store(&fresh_until, 0);
	tell(NULL, 0);
	pthread_mutex_unlock(&poll_mu);
	return -1;
}

/*
 * The worker's tick (main.c): polls every CHANGES_POLL_MS until the stop
 * or an error (then the ticker calls it again a second later, on a new
 * connection if need be), and deletes rows older than an hour each
 * minute.
 */
void
changes_tick(struct db *db)
{
	double	 purge = 0;

	while (!stop_requested()) {
		if (changes_drop_due(&purge, 60) &&
		    db_execv(db, sql_purge, NULL, "") == -1)
			log_info("changes: purge: %s", db_errmsg(db));
		if (changes_poll(db) == -1) {
			log_error("changes: poll failed: %s", db_errmsg(db));
			return;
		}
		db_request_end(db);
		nanosleep(&(struct timespec){ 0, CHANGES_POLL_MS * 1000000L },
		    NULL);
	}
}
