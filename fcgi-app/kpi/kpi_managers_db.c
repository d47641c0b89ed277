/*
 * kpi_managers_db.c: the account managers of a region (users of the
 * region with the account_manager role) and how many dealers each has
 * (manager_dealers), one manager with its region, and a region's names;
 * their figures are kpi_total()'s (kpi_db.c)
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "kpi.h"

enum stmt { STMT_MANAGERS, STMT_MANAGER, STMT_REGION, STMT__MAX };

#define MANAGER_COLS \
	"u.id, u.display_name, u.login, g.id, g.code, g.name_zh, " \
	"g.name_en, (SELECT COUNT(*) FROM manager_dealers m WHERE " \
	"m.manager_id = u.id) FROM users u JOIN orgs g ON g.id = u.org_id " \
	"WHERE g.kind = 'region' AND FIND_IN_SET('account_manager', u.roles)"

static const char *const stmts[STMT__MAX] = {
	/* by name, the first KPI_MANAGERS_MAX */
	"SELECT " MANAGER_COLS " AND u.org_id = ? ORDER BY u.display_name, "
	"u.id LIMIT ?",
	"SELECT " MANAGER_COLS " AND u.id = ?",
	"SELECT id, code, name_zh, name_en FROM orgs WHERE id = ? AND "
	"kind = 'region'",
};

/* A row of MANAGER_COLS into m, the region's name in lang. */
static void
manager_row(struct db_stmt *s, const char *lang, struct kpi_manager *m)
{
	int	 en = lang != NULL && strcmp(lang, "en") == 0;

	memset(m, 0, sizeof(*m));
	m->id = db_col_int(s, 0);
	snprintf(m->name, sizeof(m->name), "%s", db_col_text(s, 1, NULL));
	snprintf(m->login, sizeof(m->login), "%s", db_col_text(s, 2, NULL));
	m->region = db_col_int(s, 3);
	snprintf(m->region_code, sizeof(m->region_code), "%s",
	    db_col_text(s, 4, NULL));
	snprintf(m->region_name, sizeof(m->region_name), "%s",
	    db_col_text(s, en ? 6 : 5, NULL));
	m->dealers = db_col_int(s, 7);
}

/*
 * The account managers of region (by name, at most KPI_MANAGERS_MAX) to
 * fn: 0, or -1.
 */
int
kpi_managers_list(struct db *db, int64_t region, const char *lang,
    kpi_manager_fn *fn, void *arg)
{
	struct kpi_manager	 m;
	struct db_stmt		*s;
	int			 rc;

	if ((s = db_preparef(db, stmts[STMT_MANAGERS], "ii", region,
	    (int64_t)KPI_MANAGERS_MAX)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		manager_row(s, lang, &m);
		if (fn(&m, arg) == -1) {
			rc = DB_ERROR;
			break;
		}
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/* Account manager user, with its region, into m: 1, 0 no such, or -1. */
int
kpi_manager_read(struct db *db, int64_t user, const char *lang,
    struct kpi_manager *m)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_preparef(db, stmts[STMT_MANAGER], "i", user)) == NULL ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW)
		manager_row(s, lang, m);
	db_stmt_release(s);
	return rc == DB_ROW;
}

/* Region's code and name in lang into m's region fields: 1, 0, or -1. */
int
kpi_managers_region(struct db *db, int64_t region, const char *lang,
    struct kpi_manager *m)
{
	struct db_stmt	*s;
	int		 rc, en = lang != NULL && strcmp(lang, "en") == 0;

	memset(m, 0, sizeof(*m));
	if ((s = db_preparef(db, stmts[STMT_REGION], "i", region)) == NULL ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		m->region = db_col_int(s, 0);
		snprintf(m->region_code, sizeof(m->region_code), "%s",
		    db_col_text(s, 1, NULL));
		snprintf(m->region_name, sizeof(m->region_name), "%s",
		    db_col_text(s, en ? 3 : 2, NULL));
	}
	db_stmt_release(s);
	return rc == DB_ROW;
}
