/*
 * service_figures_db.c: what the service figures are made of, read over
 * the jobs filed in the months asked (the service_jobs_filed range, China
 * time: UTC+8) within the caller's reach: HQ every job, a region's staff
 * its region's, a dealer its own, a provider's agents the jobs their
 * provider holds (and the offers made to it, the parts it asked for and
 * the calls about its work).  Four reads: the jobs one row each (their
 * times, for exact medians), the offers' answers, the received parts one
 * row each, the follow-ups' outcomes; each row goes to its cell of month
 * and group (service_figures_rules.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "service.h"
#include "service_figures.h"

/* Whose jobs: the caller's path and the key bound to it. */
enum path { PATH_ALL, PATH_REGION, PATH_DEALER, PATH_PROVIDER, PATH__MAX };

#define MONTH	"DATE_FORMAT(j.filed_at + INTERVAL 8 HOUR, '%Y-%m')"
#define RANGE \
	"j.filed_at >= CAST(? AS DATETIME) - INTERVAL 8 HOUR AND j.filed_at " \
	"< CAST(? AS DATETIME) + INTERVAL 1 MONTH - INTERVAL 8 HOUR"
/* owner, then the filters (0: none), then the months: 9 parameters */
#define WHERE(owner, prov) \
	" WHERE " owner " AND (? = 0 OR j.region_id = ?) AND (? = 0 OR " \
	"j.category_id = ?) AND (? = 0 OR " prov " = ?) AND " RANGE
#define GROUP	", g.code, g.name_zh, g.name_en"

#define G_REGION	"j.region_id"
#define J_REGION	"LEFT JOIN orgs g ON g.id = j.region_id "
#define G_LINE		"j.category_id"
#define J_LINE		"LEFT JOIN categories g ON g.id = j.category_id "
#define G_HOLDER	"COALESCE(j.provider_id, 0)"
#define J_HOLDER	"LEFT JOIN orgs g ON g.id = j.provider_id "
#define G_OFFERED	"o.provider_id"
#define J_OFFERED	"LEFT JOIN orgs g ON g.id = o.provider_id "
#define G_OWN(t)	"COALESCE(" t ".provider_id, 0)"
#define J_OWN(t)	"LEFT JOIN orgs g ON g.id = " t ".provider_id "

/*
 * a job a row: dispatch, visit, finish, parts waited; finished once: a
 * job in a later round was (its unsatisfied call reopened it, which
 * cleared finished_at), so a failed first fix stays in the denominator
 */
#define JOBS(gid, join, owner, prov, sj, hint) \
	"SELECT " sj MONTH ", " gid GROUP ", TIMESTAMPDIFF(MICROSECOND, " \
	"j.filed_at, j.first_offered_at), COALESCE(j.first_offered_at <= " \
	"j.filed_at + INTERVAL 5 MINUTE, 0), TIMESTAMPDIFF(MICROSECOND, " \
	"j.filed_at, j.first_visit_at), j.finished_at IS NOT NULL OR " \
	"j.round > 0, " \
	"j.finished_at IS NOT NULL AND j.visits = 1 AND j.round = 0 AND NOT " \
	"EXISTS (SELECT 1 FROM service_parts p WHERE p.job_id = j.id), " \
	"j.accepted_at IS NOT NULL, j.accepted_at IS NOT NULL AND " \
	"(j.parts_since IS NOT NULL OR j.parts_seconds > 0 OR j.status = " \
	"'waiting_parts') FROM service_jobs j " hint join WHERE(owner, prov) \
	" ORDER BY 1, 2"
/* the answers to the offers of those jobs */
#define OFFERS(gid, join, owner, prov, sj, hint) \
	"SELECT " sj MONTH ", " gid GROUP ", SUM(o.outcome = 'accepted'), " \
	"SUM(o.outcome = 'declined'), SUM(o.outcome = 'timed_out') FROM " \
	"service_jobs j " hint "JOIN service_offers o ON o.job_id = j.id " \
	join \
	WHERE(owner, prov) " GROUP BY 1, 2" GROUP " ORDER BY 1, 2"
/* a received part a row: its lead time, within the target (? days) */
#define PARTS(gid, join, owner, prov, sj, hint) \
	"SELECT " sj MONTH ", " gid GROUP ", TIMESTAMPDIFF(MICROSECOND, " \
	"p.requested_at, p.received_at), p.received_at <= p.requested_at + " \
	"INTERVAL ? DAY FROM service_jobs j " hint "JOIN service_parts p ON " \
	"p.job_id = j.id " join WHERE(owner, prov) \
	" AND p.received_at IS NOT NULL " \
	"ORDER BY 1, 2"
/* the follow-up calls' outcomes */
#define FOLLOWUPS(gid, join, owner, prov, sj, hint) \
	"SELECT " sj MONTH ", " gid GROUP ", COALESCE(SUM(f.outcome = " \
	"'reached'), 0), COALESCE(SUM(f.outcome = 'not_reached'), 0), " \
	"COALESCE(SUM(f.outcome = 'reached' AND f.satisfaction IS NOT NULL), " \
	"0), COALESCE(SUM(CASE WHEN f.outcome = 'reached' THEN " \
	"f.satisfaction END), 0), COALESCE(SUM(f.outcome = 'reached' AND " \
	"f.satisfaction <= 2), 0) FROM service_jobs j " hint "JOIN " \
	"service_followups f ON f.job_id = j.id " join WHERE(owner, prov) \
	" GROUP BY 1, 2" \
	GROUP " ORDER BY 1, 2"

/* jobs by their holder now; offers by the provider offered */
#define BY_HOLDER(m, owner, sj, hint) { \
	m(G_REGION, J_REGION, owner, "j.provider_id", sj, hint), \
	m(G_LINE, J_LINE, owner, "j.provider_id", sj, hint), \
	m(G_HOLDER, J_HOLDER, owner, "j.provider_id", sj, hint) }
#define BY_OFFERED(m, owner, sj, hint) { \
	m(G_REGION, J_REGION, owner, "o.provider_id", sj, hint), \
	m(G_LINE, J_LINE, owner, "o.provider_id", sj, hint), \
	m(G_OFFERED, J_OFFERED, owner, "o.provider_id", sj, hint) }
/*
 * parts and calls by the provider they are of (t's provider_id: who asked
 * for the part, who held the job when it was finished and called about),
 * not the job's holder now: an unsatisfied call reopens the job, and the
 * next round may go to another provider
 */
#define BY_OWN(t, m, owner, sj, hint) { \
	m(G_REGION, J_REGION, owner, t ".provider_id", sj, hint), \
	m(G_LINE, J_LINE, owner, t ".provider_id", sj, hint), \
	m(G_OWN(t), J_OWN(t), owner, t ".provider_id", sj, hint) }
#define BY_PART(m, owner, sj, hint)	BY_OWN("p", m, owner, sj, hint)
#define BY_CALL(m, owner, sj, hint)	BY_OWN("f", m, owner, sj, hint)
/*
 * The jobs lead, by filing time or their owner's key, and their offers,
 * parts and calls follow by job (never a scan of those, nor of the
 * names); HQ's months are read by filing time even when they are most
 * of the jobs.  A provider's own: by its key, on whichever table has it.
 */
#define LEAD	"STRAIGHT_JOIN "
#define EVERY	"FORCE INDEX (service_jobs_filed) "
#define PATHS(by, m, prov) { by(m, "? = 0", LEAD, EVERY), \
	by(m, "j.region_id = ?", LEAD, ""), \
	by(m, "j.dealer_id = ?", LEAD, ""), \
	by(m, prov " = ?", "", "") }

enum read { READ_JOBS, READ_OFFERS, READ_PARTS, READ_FOLLOWUPS, READ__MAX };
static const char *const sql_reads[READ__MAX][PATH__MAX][SERVICE_FIGURES__BY]
    = {
	PATHS(BY_HOLDER, JOBS, "j.provider_id"),
	PATHS(BY_OFFERED, OFFERS, "o.provider_id"),
	PATHS(BY_PART, PARTS, "p.provider_id"),
	PATHS(BY_CALL, FOLLOWUPS, "f.provider_id"),
};

static const char sql_org[] =
	"SELECT kind, COALESCE(region_id, 0) FROM orgs WHERE id = ?";
static const char sql_line[] =
	"SELECT id FROM categories WHERE code = ?";
static const char sql_lines[] =
	"SELECT code, name_zh, name_en FROM categories ORDER BY code";

/* One row of a read into its cell; its group's names on the cell's first. */
static int
add(struct service_figures *g, enum read rd, struct db_stmt *s, int en)
{
	struct service_figure	*c;
	char			 month[8];
	int64_t			 us;

	db_col_copy(s, 0, month, sizeof(month));
	if ((c = service_figures_cell(g, month, db_col_int(s, 1))) == NULL)
		return -1;
	if (c->code == NULL && !db_col_null(s, 2) &&
	    ((c->code = strdup(db_col_text(s, 2, NULL))) == NULL ||
	    (c->name = strdup(db_col_text(s, en ? 4 : 3, NULL))) == NULL))
		return -1;
	switch (rd) {
	case READ_JOBS:
		c->jobs++;
		if (!db_col_null(s, 5)) {
			c->offered++;
			c->within_5min += db_col_int(s, 6) != 0;
			us = db_col_int(s, 5);
			if (service_figures_value_add(&c->dispatch, us / 1e6) ==
			    -1)
				return -1;
		}
		if (!db_col_null(s, 7) && service_figures_value_add(&c->visit,
		    db_col_int(s, 7) / 3.6e9) == -1)
			return -1;
		c->finished += db_col_int(s, 8) != 0;
		c->first_time += db_col_int(s, 9) != 0;
		c->reached_accepted += db_col_int(s, 10) != 0;
		c->waited_parts += db_col_int(s, 11) != 0;
		break;
	case READ_OFFERS:
		c->accepted += db_col_int(s, 5);
		c->declined += db_col_int(s, 6);
		c->timed_out += db_col_int(s, 7);
		break;
	case READ_PARTS:
		c->parts_received++;
		c->parts_within += db_col_int(s, 6) != 0;
		if (service_figures_value_add(&c->parts, db_col_int(s, 5) /
		    8.64e10) == -1)
			return -1;
		break;
	default:
		c->reached += db_col_int(s, 5);
		c->not_reached += db_col_int(s, 6);
		c->rated += db_col_int(s, 7);
		c->satisfaction_sum += db_col_int(s, 8);
		c->unsatisfied += db_col_int(s, 9);
		break;
	}
	return 0;
}

/* One of the four reads into g: 0, or -1. */
static int
read_cells(struct db *db, struct service_figures *g, enum read rd,
    enum path path, int64_t key, int64_t line, int en)
{
	struct db_stmt	*s;
	char		 from[11], to[11];
	int		 i = 0, rc;

	snprintf(from, sizeof(from), "%s-01", g->from);
	snprintf(to, sizeof(to), "%s-01", g->to);
	if ((s = db_prepare(db, sql_reads[rd][path][g->by])) == NULL)
		return -1;
	if (rd == READ_PARTS)
		rc = db_bind_int(s, i++, g->parts_days);
	else
		rc = 0;
	if (rc == -1 || db_bind_int(s, i, key) == -1 ||
	    db_bind_int(s, i + 1, g->region) == -1 ||
	    db_bind_int(s, i + 2, g->region) == -1 ||
	    db_bind_int(s, i + 3, line) == -1 ||
	    db_bind_int(s, i + 4, line) == -1 ||
	    db_bind_int(s, i + 5, g->provider) == -1 ||
	    db_bind_int(s, i + 6, g->provider) == -1 ||
	    db_bind_text(s, i + 7, from) == -1 ||
	    db_bind_text(s, i + 8, to) == -1) {
		db_stmt_release(s);
		return -1;
	}
	while ((rc = db_step(s)) == DB_ROW)
		if (add(g, rd, s, en) == -1) {
			rc = DB_ERROR;
			break;
		}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/* An org's kind and region: 1, 0 none, -1. */
static int
org_of(struct db *db, int64_t id, char *kind, size_t size, int64_t *region)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_prepare(db, sql_org)) == NULL || db_bind_int(s, 0, id) ==
	    -1) {
		db_stmt_release(s);
		return -1;
	}
	if ((rc = db_step(s)) == DB_ROW) {
		db_col_copy(s, 0, kind, size);
		*region = db_col_int(s, 1);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

/*
 * Whether the caller may narrow to the filters it named: 0, or 404 (a
 * region or a provider that is not one, or outside the caller's reach)
 * or 500 in the status.
 */
static int
filters_reach(struct db *db, const struct principal *who,
    const struct service_figures *g)
{
	char	 kind[16];
	int64_t	 region;
	int	 rc;

	if (g->region != 0) {
		if ((rc = org_of(db, g->region, kind, sizeof(kind), &region)) ==
		    -1)
			return 500;
		if (rc == 0 || strcmp(kind, "region") != 0 ||
		    (who->kind != ORG_HQ && g->region != who->region_id))
			return 404;
	}
	if (g->provider != 0) {
		if ((rc = org_of(db, g->provider, kind, sizeof(kind),
		    &region)) == -1)
			return 500;
		if (rc == 0 || strcmp(kind, "provider") != 0 ||
		    (who->kind == ORG_REGION && region != who->region_id) ||
		    (who->kind == ORG_PROVIDER && g->provider != who->org_id))
			return 404;
	}
	return 0;
}

/* The query's filters and months into g, field errors into f. */
static void
parse(const struct service_figures_query *q, struct service_figures *g,
    struct fault *f)
{
	char	 today[11];

	util_china_date(today, sizeof(today), 0);
	today[7] = '\0';
	if (service_figures_months(q->from, q->to, today, g->from, g->to) ==
	    -1)
		fault_field(f, "from", "YYYY-MM, not after to, at most 24 "
		    "months");
	if (q->by != NULL && *q->by != '\0' && service_figures_by_parse(q->by,
	    &g->by) == -1)
		fault_field(f, "by", "region, line or provider");
	if (q->region != NULL && *q->region != '\0' &&
	    util_parse_int(q->region, 1, INT64_MAX, &g->region) == -1)
		fault_field(f, "region", "a region's id");
	if (q->provider != NULL && *q->provider != '\0' &&
	    util_parse_int(q->provider, 1, INT64_MAX, &g->provider) == -1)
		fault_field(f, "provider", "a provider's id");
	if (q->line != NULL && *q->line != '\0') {
		if (strlen(q->line) >= sizeof(g->line))
			fault_field(f, "line", "a product line's code");
		else
			snprintf(g->line, sizeof(g->line), "%s", q->line);
	}
}

/* The line's category id into *id (0: none asked): 0, 422 in f, 500. */
static int
line_id(struct db *db, const char *code, int64_t *id, struct fault *f)
{
	struct db_stmt	*s;
	int		 rc;

	*id = 0;
	if (*code == '\0')
		return 0;
	if ((s = db_prepare(db, sql_line)) == NULL ||
	    db_bind_text(s, 0, code) == -1) {
		db_stmt_release(s);
		return 500;
	}
	if ((rc = db_step(s)) == DB_ROW)
		*id = db_col_int(s, 0);
	db_stmt_release(s);
	if (rc == DB_ERROR)
		return 500;
	if (rc == DB_ROW)
		return 0;
	fault_field(f, "line", "no such product line");
	return fault_set(f, 422, "validation_failed", "check the query");
}

/*
 * The figures the caller may read, as q asks (README "Service figures"),
 * names in lang: 200 with them in g (free it with service_figures_free()),
 * 404 (not the caller's, or a filter outside its reach), 422 in f, 500.
 */
int
service_figures_read(struct db *db, const struct principal *who,
    const char *lang, const struct service_figures_query *q,
    struct service_figures *g, struct fault *f)
{
	enum path	 path;
	int64_t		 key, line;
	int		 st, rd, en = lang != NULL && strcmp(lang, "en") == 0;

	memset(g, 0, sizeof(*g));
	g->parts_days = service_settings.parts_days;
	switch (who->kind) {
	case ORG_HQ:
		path = PATH_ALL;
		key = 0;
		break;
	case ORG_REGION:
		path = PATH_REGION;
		key = who->region_id;
		break;
	case ORG_DEALER:
		path = PATH_DEALER;
		key = who->org_id;
		g->by = SERVICE_FIGURES_LINE;	/* its own: by product line */
		break;
	case ORG_PROVIDER:
		path = PATH_PROVIDER;
		key = who->org_id;
		g->by = SERVICE_FIGURES_PROVIDER;
		break;
	default:
		return 404;
	}
	/* a machine's key reads orders, not the service network's figures */
	if ((who->roles & ~ROLE_ERP) == 0 || key < 0)
		return 404;
	parse(q, g, f);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	if ((st = filters_reach(db, who, g)) != 0 ||
	    (st = line_id(db, g->line, &line, f)) != 0)
		return st;
	for (rd = 0; rd < READ__MAX; rd++)
		if (read_cells(db, g, (enum read)rd, path, key, line, en) ==
		    -1) {
			service_figures_free(g);
			return 500;
		}
	service_figures_sort(g);
	return 200;
}

/* The product lines (the filter's choices) into list: 0, or -1. */
int
service_figures_lines(struct db *db, const char *lang, cJSON *list)
{
	struct db_stmt	*s;
	cJSON		*it;
	int		 rc, en = lang != NULL && strcmp(lang, "en") == 0;

	if ((s = db_prepare(db, sql_lines)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "code", db_col_text(s, 0, NULL));
		cJSON_AddStringToObject(it, "name", db_col_text(s, en ? 2 : 1,
		    NULL));
		cJSON_AddItemToArray(list, it);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}
