/* complaints.h: complaints with the 24-hour rule (DESIGN §5) */
#ifndef COMPLAINTS_COMPLAINTS_H
#define COMPLAINTS_COMPLAINTS_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../auth/auth.h"
#include "complaints_dispute.h"

struct db;
struct fault;
struct req;

#define COMPLAINT_FILERS	(ROLE_DEALER_BUYER | ROLE_DEALER_FINANCE)
#define COMPLAINT_HANDLERS	(ROLE_SERVICE_AGENT | ROLE_ACCOUNT_MANAGER)
#define FIRST_RESPONSE_HOURS	24
#define REOPEN_DAYS		14
#define BODY_MAX		4000

enum complaint_status { CP_OPEN, CP_IN_PROGRESS, CP_RESOLVED, CP__MAX };

/* A complaint's clocks, in seconds since the epoch (0: not yet). */
struct clocks {
	int64_t	 first_response_due, resolution_due;
	int64_t	 first_responded_at, resolved_at;
	int	 level;			/* escalation reached: 0, 1, 2 */
};

/* complaints_rules.c: pure, unit-tested */
const char	*complaints_status_name(enum complaint_status);
int		 complaints_status_parse(const char *, enum complaint_status *);
int		 complaints_escalation_due(const struct clocks *, int64_t,
		    int *);
int		 complaints_may_reopen(enum complaint_status, int64_t,
		    int64_t);

/* complaints_db.c: untranslated read models (a dealer's name by language) */
struct complaints_query {
	const char	*sort, *status, *dealer, *after;	/* NULL: none */
	int		 due_first;	/* no sort: by due */
};
cJSON	*complaints_load(struct db *, const char *, const struct principal *,
	    const char *, int *);
int	complaints_list_read(struct db *, const struct principal *,
	    const char *, const struct complaints_query *, int, struct fault *,
	    cJSON **);

/* complaints_export_db.c: the complaints as CSV (http/export.c) */
struct complaints_export {
	int		 path;		/* enum scope_path */
	int64_t		 key;
	char		 status[16];
	int64_t		 before;	/* the cursor: ids below it */
	int		 en;		/* names in English */
};
struct buf;
extern const char *const complaints_export_heads[];
int	complaints_export_open(struct db *, const struct principal *,
	    const char *, const char *, const char *, struct fault *,
	    struct complaints_export *);
int	complaints_export_page(struct db *, struct buf *, void *);

/* complaints_file_db.c: what a dealer files (NULL: not sent) */
struct complaints_filing {
	const char	*category, *severity, *subject, *description;
	const char	*order;		/* its number; NULL or "": none */
	int		 order_bad;	/* sent, but not a text */
};
int	complaints_file(struct db *, const struct principal *,
	    const struct complaints_filing *, const char *, const char *,
	    size_t, struct fault *, char *, size_t);

/* complaints_file_http.c */
int	complaints_file_post(struct req *);

/* complaints_list_http.c */
int	complaints_list_get(struct req *);
int	complaints_list(struct req *, int, cJSON **);
int	complaints_get_one(struct req *);
int	complaints_export_get(struct req *);

/* complaints_figures_db.c: a region's or a dealer's counts, and them all */
struct complaints_figure {
	int64_t	 id;
	char	*name;
	int64_t	 filed, answered, resolved, reopened;	/* in time */
	int64_t	 rating_sum, rated, escalated;
	int	 timed;			/* median and p90 known */
	int64_t	 median, p90;		/* minutes to the first response */
};
struct complaints_figures {
	char			 from[11], to[11];
	int			 by_dealer;
	size_t			 n;
	struct complaints_figure *rows;
};
int	complaints_figures_read(struct db *, const struct principal *,
	    const char *, const char *, const char *, const char *,
	    struct fault *, struct complaints_figures *);
void	complaints_figures_free(struct complaints_figures *);

/* complaints_figures_http.c */
cJSON	*complaints_figures_json(const struct complaints_figures *);
int	complaints_figures(struct req *, cJSON **);
int	complaints_figures_get(struct req *);

/*
 * What a handler asks of a complaint (complaints_handle_db.c): the text
 * is the message's body, the login to assign, the reason, the note or the
 * rating's comment; bad values are passed on for the operation to refuse.
 */
struct complaints_act {
	const char	*number;
	int64_t		 version;	/* -1: any; 0: not a version */
	const char	*text;		/* NULL: none */
	int		 text_bad;	/* sent, but not a text */
	int		 internal;	/* a staff's note; -1: not a boolean */
	int64_t		 rating;	/* 0: none */
};
typedef int complaints_op(struct db *, const struct principal *,
    const struct complaints_act *, struct fault *);

/* complaints_handle_db.c: each 200, or 403/404/409/422 in f, 500, 503 */
complaints_op	complaints_message, complaints_take, complaints_assign,
		complaints_escalate, complaints_resolve, complaints_reopen,
		complaints_rate;

/* complaints_handle_http.c */
int	complaints_message_post(struct req *);
int	complaints_take_post(struct req *);
int	complaints_assign_post(struct req *);
int	complaints_escalate_post(struct req *);
int	complaints_resolve_post(struct req *);
int	complaints_reopen_post(struct req *);
int	complaints_rate_post(struct req *);

/* complaints_sweep_db.c */
int	complaints_sweep(struct db *, int64_t, int *);

/* complaints_cli.c */
int	complaints_sweep_cli(struct db *, int, char **);

/* complaints_pages.c */
int	complaints_page_get(struct req *);
int	complaints_new_page_get(struct req *);
int	complaints_new_page_post(struct req *);
int	complaints_one_page_get(struct req *);
int	complaints_one_page_post(struct req *);
int	complaints_figures_page_get(struct req *);
void	complaints_clock_text(struct req *, long, char *, size_t);

/* complaints_seed.c */
int	complaints_seed_demo(struct db *);

#endif
