/*
 * trail.h: the audit trail's view (issue #24): who changed what and when,
 * filtered by object, actor and period, as JSON, CSV and a page
 */
#ifndef TRAIL_TRAIL_H
#define TRAIL_TRAIL_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct db;
struct fault;
struct principal;
struct req;

#define TRAIL_CSV_MAX	20000	/* rows of one export: narrow beyond */
#define TRAIL_TYPE_MAX	32	/* an object type's length */
#define TRAIL_LOGIN_MAX	64	/* an actor's login */
#define TRAIL_CURSOR_MAX 48	/* "microseconds.id" */

/*
 * What to read: an object (type and id, both or neither), an actor (by
 * login), a period of China's days (both ends included), a page after a
 * cursor.  "" and 0 are "any"; from and to of the period are the UTC
 * bounds the rows' times are read between.
 */
struct trail_filter {
	char	 type[TRAIL_TYPE_MAX + 1];
	int64_t	 object;
	char	 actor[TRAIL_LOGIN_MAX + 1];
	char	 from[11], to[11];	/* as asked: YYYY-MM-DD, "" none */
	char	 from_utc[27], to_utc[27];	/* [from_utc, to_utc) */
	int64_t	 after_us, after_id;	/* the cursor; 0 0: the start */
	int	 limit;
};

/* The query's values as they came, NULL when not given. */
struct trail_query {
	const char	*type, *object, *actor, *from, *to, *after, *limit;
};

/* A row of the trail; its strings are the database's, for the callback. */
struct trail_row {
	int64_t		 id, at_us;
	const char	*at, *at_china;		/* UTC ISO; China's clock */
	const char	*action, *object_type, *object_id;
	int64_t		 actor_id;		/* 0: the system */
	const char	*actor_login, *actor_name;
	int64_t		 org_id;		/* 0: HQ's own thing */
	const char	*org_code, *org_name_zh, *org_name_en;
	const char	*details;		/* JSON; "" none */
	const char	*request_id;
};
typedef int (*trail_row_fn)(void *, const struct trail_row *);

/* trail_rules.c: pure */
extern const char *const trail_types[];
int	trail_type_ok(const char *);
void	trail_filter_check(const struct trail_query *, int,
	    struct trail_filter *, struct fault *);
void	trail_cursor(int64_t, int64_t, char *, size_t);
void	trail_us_text(int64_t, char *, size_t);
cJSON	*trail_changes(const cJSON *);
int	trail_money_field(const char *);

/* trail_db.c */
int	trail_read(struct db *, const struct principal *,
	    const struct trail_filter *, trail_row_fn, void *, int *,
	    struct fault *);

/* trail_http.c */
void	trail_query_of(struct req *, struct trail_query *);
cJSON	*trail_row_json(const struct trail_row *, const char *);
int	trail_list_get(struct req *);
int	trail_csv_get(struct req *);

/* trail_pages.c */
int	trail_page_get(struct req *);

#endif
