/*
 * service_work.h: what happens to a service job after it is offered
 * (issue #21): the provider's answer and visit, spare parts with their
 * lead-time clock, the follow-up call
 */
#ifndef SERVICE_SERVICE_WORK_H
#define SERVICE_SERVICE_WORK_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../auth/auth.h"
#include "service.h"

struct db;
struct fault;
struct req;

#define SERVICE_PARTS_MAX	20	/* parts in one request */
#define SERVICE_STAFF		ROLE_SERVICE_AGENT

/* A part asked for: its number and how many. */
struct service_part_item {
	const char	*part_no;
	int64_t		 quantity;	/* 0: not a quantity */
};

/*
 * What a provider's agent asks of a job; text NULL: not sent.  A value
 * of the wrong type is the JSON handler's to refuse (a field message in
 * the fault, which the operation answers with its own as 422).
 */
struct service_work_act {
	const char		*number;
	int64_t			 version;	/* -1: any; 0: not a version */
	const char		*reason;	/* decline */
	const char		*date, *from, *to;	/* schedule */
	const char		*work_done, *parts_used; /* finish */
	struct service_part_item items[SERVICE_PARTS_MAX];
	size_t			 nitems;
	int			 items_bad;	/* not 1 to 20 parts */
	const char		*idem_key;	/* parts: the request's key */
	char			 request_hash[65];	/* of its body */
};
typedef int service_work_op(struct db *, const struct principal *,
    const struct service_work_act *, struct fault *);

/*
 * service_work_db.c: each 200, or 404/409/422 in f, 500, 503.  begin:
 * the caller's provider's job locked in a transaction, conditional on
 * a->version (0 to go on, else the status, rolled back); end: commit
 * when changed is 1, else 409 (0) or 500.
 */
int	service_work_begin(struct db *, const struct principal *,
	    const struct service_work_act *, struct service_job_ref *,
	    struct fault *);
int	service_work_end(struct db *, int, struct fault *);
int	service_work_refuse(struct db *, struct fault *, const char *);
service_work_op	service_work_accept, service_work_decline,
		service_work_schedule, service_work_start, service_work_finish;
/* service_parts_db.c: the provider asks for parts */
service_work_op	service_parts_request;

/* service_work_read_db.c: the job as the caller sees it; NULL: see *found */
cJSON	*service_work_load(struct db *, const struct principal *, const char *,
	    const char *, int *);
/* the provider's jobs, newest first, in "items"; NULL on an error */
cJSON	*service_work_mine(struct db *, const struct principal *,
	    const char *);
/* staff of a region or HQ; *key: the region, 0 for all (HQ); else -1 */
int	 service_work_staff(const struct principal *);
int	 service_work_staff_key(const struct principal *, int64_t *);

/* service_work_http.c */
int	service_work_accept_post(struct req *);
int	service_work_decline_post(struct req *);
int	service_work_schedule_post(struct req *);
int	service_work_start_post(struct req *);
int	service_work_parts_post(struct req *);
int	service_work_finish_post(struct req *);

/* service_work_pages.c: a form's version: -1 none, 0 not a version */
int64_t	service_work_form_version(const struct req *);

/* service_parts_db.c: staff ship and receive a part (by id) */
int	service_parts_ship(struct db *, const struct principal *, int64_t,
	    int64_t, struct fault *);
int	service_parts_receive(struct db *, const struct principal *, int64_t,
	    int64_t, struct fault *);
int	service_parts_one(struct db *, const struct principal *,
	    const char *, int64_t, cJSON **);
/*
 * the region's parts, the most urgent first, at most 500: status NULL
 * the open ones; job NULL any; overdue: only the late
 */
int	service_parts_list(struct db *, const struct principal *,
	    const char *, const char *, const char *, int, struct fault *,
	    cJSON **);

/* service_parts_sweep_db.c: parts past due flagged once; *flagged */
int	service_parts_sweep(struct db *, int64_t, int *);
void	service_parts_tick(struct db *);
int	service_parts_sweep_cli(struct db *, int, char **);

/* service_parts_http.c */
int	service_parts_list_get(struct req *);
int	service_parts_ship_post(struct req *);
int	service_parts_receive_post(struct req *);

/* service_followup_db.c */
struct service_followup_call {
	int64_t		 id;
	int64_t		 version;	/* -1: any; 0: not a version */
	const char	*outcome;	/* reached, not_reached */
	int64_t		 satisfaction;	/* 0: none; -1: not 1 to 5 */
	const char	*comment;
	char		 job[24];	/* out: the job's number */
};
int	service_followup_create(struct db *, const struct service_job_ref *);
int	service_followup_log(struct db *, const struct principal *,
	    struct service_followup_call *, struct fault *);
int	service_followup_list(struct db *, const struct principal *,
	    const char *, struct fault *, cJSON **);

/* service_followup_http.c */
int	service_followup_list_get(struct req *);
int	service_followup_post(struct req *);

/* service_work_pages.c: the provider's pages; for every page of the
 * slice: a UTC time as China's (key_china), a value in words (key_label) */
void	service_work_when(cJSON *, const char *);
void	service_work_label(struct req *, cJSON *, const char *, const char *);
int	service_work_jobs_page_get(struct req *);
int	service_work_job_page_get(struct req *);
int	service_work_job_page_post(struct req *);

/* service_parts_pages.c: staff's parts and follow-up call list */
int	service_parts_page_get(struct req *);
int	service_parts_page_post(struct req *);
int	service_followup_page_get(struct req *);
int	service_followup_page_post(struct req *);

#endif
