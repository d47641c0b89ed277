/*
 * org_names.c: organisations' names, held per process
 *
 * A list of 50 orders joined orgs for each row's dealer name: 50 more
 * primary-key descents in MariaDB, a quarter of a page's statement once
 * the list reads its covering index (issue #22, mariadb-slap on the 1 M
 * bench set: 0.41 s with the join against 0.30 s without, 8,000 pages).
 * Names are now read once per process and kept; a trigger (migration
 * 0047) writes an "org_name" row into cache_changes when an
 * organisation's names change, and db_changes.c tells this file within a
 * poll (250 ms) on every node, at once in the process that made the
 * change.  As with every cache of db_changes.h, nothing held is used while
 * the last poll is older than CHANGES_FRESH_MS (1 s): the name is read
 * from the database again, and everything is dropped every ON_TTL_S
 * seconds in any case.
 *
 * Direct-mapped by id: a collision replaces the older name, which costs a
 * statement later, nothing more.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../db/db.h"
#include "../db/db_changes.h"
#include "auth.h"

#define ON_SLOTS	8192		/* a power of two */
#define ON_TTL_S	60		/* everything dropped this often */

struct on_entry {
	int64_t	 id;			/* 0: empty */
	char	*name[2];		/* Chinese, English */
};

static struct on_entry	 tab[ON_SLOTS];
static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
static double		 drop_at;	/* monotonic; under mu */

static const char	 sql_name[] =
	"SELECT name_zh, name_en FROM orgs WHERE id = ?";

static struct on_entry *
slot_of(int64_t id)
{
	return &tab[util_mix(id, 0) & (ON_SLOTS - 1)];
}

/* Under mu. */
static void
clear(struct on_entry *e)
{
	free(e->name[0]);
	free(e->name[1]);
	memset(e, 0, sizeof(*e));
}

/* Under mu: every entry of id, or every one for 0. */
static void
forget_locked(int64_t id)
{
	struct on_entry	*e;
	size_t		 i;

	if (id != 0) {
		if ((e = slot_of(id))->id == id)
			clear(e);
		return;
	}
	for (i = 0; i < ON_SLOTS; i++)
		if (tab[i].id != 0)
			clear(&tab[i]);
}

static void
forget(int64_t id)
{
	pthread_mutex_lock(&mu);
	forget_locked(id);
	pthread_mutex_unlock(&mu);
}

/* 1 with the held name copied into out, else 0. */
static int
held(int64_t id, int en, char *out, size_t size)
{
	struct on_entry	*e = slot_of(id);
	int		 hit = 0;

	if (!changes_usable(changes_generation()))
		return 0;
	pthread_mutex_lock(&mu);
	if (changes_drop_due(&drop_at, ON_TTL_S))
		forget_locked(0);
	if (e->id == id) {
		snprintf(out, size, "%s", e->name[en]);
		hit = 1;
	}
	pthread_mutex_unlock(&mu);
	return hit;
}

/* Keep id's names read at generation gen, unless they may have moved. */
static void
keep(int64_t id, const char *zh, const char *en, uint64_t gen)
{
	struct on_entry	*e = slot_of(id);
	char		*z = strdup(zh), *n = strdup(en);

	pthread_mutex_lock(&mu);
	if (z != NULL && n != NULL && changes_usable(gen)) {
		clear(e);
		e->id = id;
		e->name[0] = z;
		e->name[1] = n;
		z = n = NULL;
	}
	pthread_mutex_unlock(&mu);
	free(z);
	free(n);
}

/*
 * Organisation id's name in lang ("en": English, else Chinese) into out:
 * 0 (an empty name for an id that is not there), -1 on a database error.
 */
int
org_name(struct db *db, int64_t id, const char *lang, char *out,
    size_t size)
{
	struct db_stmt	*s;
	uint64_t	 gen;
	int		 en = strcmp(lang, "en") == 0, r;

	*out = '\0';
	if (held(id, en, out, size))
		return 0;
	gen = changes_generation();
	if ((s = db_prepare(db, sql_name)) == NULL ||
	    db_bind_int(s, 0, id) == -1 || (r = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (r == DB_ROW) {
		keep(id, db_col_text(s, 0, NULL), db_col_text(s, 1, NULL), gen);
		snprintf(out, size, "%s", db_col_text(s, en, NULL));
	}
	db_stmt_release(s);
	return 0;
}

/* At startup: hear of names' changes. */
int
org_names_init(void)
{
	return changes_on("org_name", forget);
}
