/* complaints.h: complaints with the 24-hour rule (DESIGN §5) */
#ifndef COMPLAINTS_COMPLAINTS_H
#define COMPLAINTS_COMPLAINTS_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../auth/auth.h"
#include "complaints_dispute.h"

struct db;
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

/* complaints_db.c */
cJSON	*complaints_load(struct db *, const char *, const struct principal *,
	    const char *, int *);

/* complaints_file_http.c */
int	complaints_file_post(struct req *);
int	complaints_file(struct req *, const char *);

/* complaints_list_http.c */
int	complaints_list_get(struct req *);
int	complaints_list(struct req *, int);
int	complaints_get_one(struct req *);

/* complaints_figures_http.c */
int	complaints_figures_get(struct req *);

/* complaints_handle_http.c */
int	complaints_message_post(struct req *);
int	complaints_take_post(struct req *);
int	complaints_assign_post(struct req *);
int	complaints_escalate_post(struct req *);
int	complaints_resolve_post(struct req *);
int	complaints_reopen_post(struct req *);
int	complaints_rate_post(struct req *);

/* complaints_sweep.c */
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
