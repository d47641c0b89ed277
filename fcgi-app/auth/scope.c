/*
 * scope.c: what a caller may see and change
 *
 * DESIGN §2: a dealer's users see their dealer; region staff see the
 * dealers of their region (an account manager changes only the dealers
 * assigned to it, but reads the whole region); HQ sees all.  Objects
 * outside the scope answer 404, as if they did not exist.
 */
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "scope.h"

void
scope_read(const struct principal *p, struct scope *s)
{
	memset(s, 0, sizeof(*s));
	switch (p->kind) {
	case ORG_HQ:
		s->all = 1;
		break;
	case ORG_REGION:
		s->region_id = p->region_id;
		break;
	case ORG_DEALER:
		s->dealer_id = p->org_id;
		break;
	case ORG_CHAIN:
		s->chain_id = p->org_id;
		break;
	default:
		break;		/* nothing */
	}
}

/* An account manager with no other region role writes only for its own. */
void
scope_write(const struct principal *p, struct scope *s)
{
	scope_read(p, s);
	if (p->kind == ORG_REGION && (p->roles & ROLE_ACCOUNT_MANAGER) &&
	    (p->roles & ~ROLE_ACCOUNT_MANAGER) == 0) {
		s->region_id = 0;
		s->manager_id = p->user_id;
	}
}

/* The scope who reads (write 0) or writes in (write 1). */
void
scope_for(const struct principal *p, int write, struct scope *s)
{
	if (write)
		scope_write(p, s);
	else
		scope_read(p, s);
}

/* The index path of a scope and the key to bind to it (see scope.h). */
enum scope_path
scope_path(const struct scope *s, int64_t *key)
{
	*key = 0;
	if (s->all)
		return SCOPE_ALL;
	if (s->region_id != 0) {
		*key = s->region_id;
		return SCOPE_REGION;
	}
	if (s->manager_id != 0) {
		*key = s->manager_id;
		return SCOPE_MANAGER;
	}
	if (s->chain_id != 0) {
		*key = s->chain_id;
		return SCOPE_CHAIN;
	}
	*key = s->dealer_id;		/* 0 when the scope is empty */
	return SCOPE_DEALER;
}

/* Bind the SCOPE_SQL parameters from index i on; 0 or -1. */
int
scope_bind(struct db_stmt *st, int i, const struct scope *s)
{
	/* 0 never matches an id: AUTO_INCREMENT starts at 1 */
	if (db_bind_int(st, i, s->all) == -1 ||
	    db_bind_int(st, i + 1, s->region_id) == -1 ||
	    db_bind_int(st, i + 2, s->dealer_id) == -1 ||
	    db_bind_int(st, i + 3, s->manager_id) == -1 ||
	    db_bind_int(st, i + 4, s->chain_id) == -1)
		return -1;
	return 0;
}

/* One dealer org, if the scope reaches it. */
static const char sql_reach[] =
	"SELECT o.id FROM orgs o WHERE o.id = ? AND o.kind = 'dealer' AND "
	SCOPE_SQL("o");

/*
 * Whether dealer is one the scope reaches: 1 yes, 0 no, -1 error.
 */
int
scope_dealer_reach(struct db *db, const struct scope *sc, int64_t dealer)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_prepare(db, sql_reach)) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || scope_bind(s, 1, sc) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	db_stmt_release(s);
	return rc == DB_ROW;
}

/*
 * A query's ?dealer= (text, NULL or "" when not given): 0 and *id 0 when
 * not given, 0 and *id the dealer's id, or -1 when not a dealer's id.
 */
int
scope_dealer_param(const char *text, int64_t *id)
{
	char		*end;
	long long	 v;

	*id = 0;
	if (text == NULL || *text == '\0')
		return 0;
	if (*text < '1' || *text > '9' || (v = strtoll(text, &end, 10)) <= 0 ||
	    *end != '\0')
		return -1;
	*id = v;
	return 0;
}

/*
 * The list's path of sc (scope_path), narrowed to one dealer when dealer
 * is not 0 and the scope reaches it: 1, 0 when it does not, -1 on error.
 */
int
scope_path_dealer(struct db *db, const struct scope *sc, int64_t dealer,
    enum scope_path *path, int64_t *key)
{
	int	 rc;

	*path = scope_path(sc, key);
	if (dealer == 0)
		return 1;
	if ((rc = scope_dealer_reach(db, sc, dealer)) != 1)
		return rc;
	*path = SCOPE_DEALER;
	*key = dealer;
	return 1;
}
