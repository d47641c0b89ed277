/*
 * session_cache.c: the per-request check of the user, remembered
 *
 * session_check_user() asked the database on every request whether the
 * token's user is still enabled, on the token's version, in its
 * organisation and its session not ended: a statement, a round trip and a
 * wake-up of MariaDB on every request (issue #22).  A good answer is now
 * kept per process and forgotten when the database says the user, its
 * session or its organisation changed (db_changes.h: within a quarter of
 * a second on every node, at once in the process that made the change),
 * when the poller has not been heard from for a second, or after
 * SC_TTL_MS in any case.  A refusal is never kept: it is asked again.
 *
 * Direct-mapped by (user, session): a collision replaces the older entry,
 * which costs one statement later, nothing more.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/util.h"
#include "../db/db_changes.h"
#include "session.h"

#define SC_SLOTS	16384		/* a power of two */
#define SC_TTL_MS	60000		/* a good answer asked again after */

struct sc_entry {
	int64_t			 user_id;	/* 0: empty */
	int64_t			 session_id;
	int64_t			 org_id;
	int64_t			 token_version;
	int64_t			 until_ms;
	struct user_info	 info;
};

static struct sc_entry	 tab[SC_SLOTS];
static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_ulong	 counts[2];	/* hits, misses */

static size_t
slot_of(int64_t user, int64_t sid)
{
	return util_mix(user, sid) & (SC_SLOTS - 1);
}

static int
same(const struct sc_entry *e, const struct principal *p)
{
	return e->user_id == p->user_id && e->session_id == p->session_id &&
	    e->org_id == p->org_id && e->token_version == p->token_version;
}

/* 1 and *info filled when a good answer for p is held and usable. */
int
session_cache_get(const struct principal *p, struct user_info *info)
{
	struct sc_entry	*e = &tab[slot_of(p->user_id, p->session_id)];
	int		 hit = 0;

	if (!changes_usable(changes_generation())) {
		atomic_fetch_add(&counts[1], 1);
		return 0;
	}
	pthread_mutex_lock(&mu);
	if (same(e, p) && util_now_mono_ms() < e->until_ms) {
		if (info != NULL)
			*info = e->info;
		hit = 1;
	}
	pthread_mutex_unlock(&mu);
	atomic_fetch_add(&counts[!hit], 1);
	return hit;
}

/* Keep the good answer read at generation gen, unless it moved since. */
void
session_cache_put(const struct principal *p, const struct user_info *info,
    uint64_t gen)
{
	struct sc_entry	*e = &tab[slot_of(p->user_id, p->session_id)];

	pthread_mutex_lock(&mu);
	if (changes_usable(gen)) {
		e->user_id = p->user_id;
		e->session_id = p->session_id;
		e->org_id = p->org_id;
		e->token_version = p->token_version;
		e->until_ms = util_now_mono_ms() + SC_TTL_MS;
		e->info = *info;
	}
	pthread_mutex_unlock(&mu);
}

/* Forget every entry of user (by_org 0) or organisation id; all for 0. */
static void
forget(int by_org, int64_t id)
{
	size_t	 i;

	pthread_mutex_lock(&mu);
	for (i = 0; i < SC_SLOTS; i++)
		if (tab[i].user_id != 0 && (id == 0 ||
		    (by_org ? tab[i].org_id : tab[i].user_id) == id))
			tab[i].user_id = 0;
	pthread_mutex_unlock(&mu);
}

static void
forget_user(int64_t id)
{
	forget(0, id);
}

static void
forget_org(int64_t id)
{
	forget(1, id);
}

/* At startup: hear of users' and organisations' changes. */
int
session_cache_init(void)
{
	return changes_on("user", forget_user) == -1 ||
	    changes_on("org", forget_org) == -1 ? -1 : 0;
}

/* The counters' lines for /metrics (metrics_add). */
void
session_cache_metrics(struct buf *b)
{
	buf_adds(b, "# HELP dealernet_session_checks_total Checks of a "
	    "signed-in user, answered from the process's memory (hit) or "
	    "by the database (miss).\n"
	    "# TYPE dealernet_session_checks_total counter\n");
	buf_printf(b, "dealernet_session_checks_total{result=\"hit\"} %lu\n"
	    "dealernet_session_checks_total{result=\"miss\"} %lu\n",
	    atomic_load(&counts[0]), atomic_load(&counts[1]));
}
