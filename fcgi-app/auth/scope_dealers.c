/*
 * scope_dealers.c: the active dealers a caller reaches, for the pages'
 * choices of a dealer (orders, the draft, the address book)
 */
#include "../db/db.h"
#include "scope.h"

/* A select's dealers, one variant per scope path (scope.h), by code. */
#define DEALERS_SQL(owner) \
	"SELECT o.id, o.code, o.name_zh, o.name_en FROM orgs o " \
	"WHERE " owner " AND o.kind = 'dealer' AND o.active = 1 " \
	"ORDER BY o.code LIMIT 200"

static const char *const sql_dealers[] = {
	DEALERS_SQL(SCOPE_ORG_ALL("o")),
	DEALERS_SQL(SCOPE_ORG_REGION("o")),
	DEALERS_SQL(SCOPE_ORG_DEALER("o")),
	DEALERS_SQL(SCOPE_ORG_MANAGER("o")),
	DEALERS_SQL(SCOPE_ORG_CHAIN("o")),
};
SCOPE_PATHS_ALL(sql_dealers);

/*
 * The active dealers who reaches (write: may order for), by code, at
 * most 200, each to row(ctx, id, code, name_zh, name_en).  0 or -1.
 */
int
scope_dealers(struct db *db, const struct principal *who, int write,
    void (*row)(void *, int64_t, const char *, const char *, const char *),
    void *ctx)
{
	enum scope_path	 path;
	struct db_stmt	*s;
	struct scope	 sc;
	int64_t		 key;
	int		 rc;

	scope_for(who, write, &sc);
	path = scope_path(&sc, &key);
	if ((s = db_prepare(db, sql_dealers[path])) == NULL ||
	    db_bind_int(s, 0, key) == -1) {
		db_stmt_release(s);
		return -1;
	}
	while ((rc = db_step(s)) == DB_ROW)
		row(ctx, db_col_int(s, 0), db_col_text(s, 1, NULL),
		    db_col_text(s, 2, NULL), db_col_text(s, 3, NULL));
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}
