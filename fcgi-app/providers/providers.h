/* providers.h: the service network's providers, run by HQ and the regions */
#ifndef PROVIDERS_PROVIDERS_H
#define PROVIDERS_PROVIDERS_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct db;
struct fault;
struct principal;
struct req;

#define PROVIDERS_AREAS_MAX	200	/* (city, line) rows of one provider */

/* A row of what a provider serves: a city and a product line's code. */
struct providers_area {
	const char	*city;
	const char	*category;
};

/*
 * A provider's profile as given.  For a new one every field but city
 * (default: the first area's) counts; for a change a NULL, a negative or
 * a "not given" field stays as it is.
 */
struct providers_input {
	const char		*code;		/* new only */
	const char		*name_zh;
	const char		*name_en;
	int64_t			 region;	/* new only; < 1: none given */
	const char		*city;		/* its main city */
	const char		*address;
	const char		*phone;
	int			 located;	/* 1 lat/lng given, 0 not, -1 bad */
	int64_t			 lat_e6;	/* microdegrees */
	int64_t			 lng_e6;
	int64_t			 capacity;	/* -1 not given, 0 bad */
	int			 days;		/* bits mon..sun; -1 not given,
						 * -2 bad */
	const char		*opens;		/* "HH:MM" */
	const char		*closes;
	int			 nareas;	/* -1 not given, -2 bad */
	struct providers_area	 areas[PROVIDERS_AREAS_MAX];
	int			 active;	/* -1 not given */
	int64_t			 version;	/* change: -1 any, 0 bad */
};

/* A new agent of a provider (a user of role provider_agent). */
struct providers_agent_new {
	const char	*login;
	const char	*name;
	const char	*password;
	const char	*email;		/* NULL or "": none */
	const char	*mobile;
};

/* The day names of the days bits, in order. */
extern const char *const providers_days[7];

/* providers_ops.c: each returns the status it stands for */
int	providers_reach(const struct principal *, int64_t *);
int	providers_create(struct db *, const struct principal *,
	    const struct providers_input *, const char *, int64_t *,
	    struct fault *);
int	providers_update(struct db *, const struct principal *, int64_t,
	    const struct providers_input *, struct fault *);
int	providers_get(struct db *, const struct principal *, int64_t,
	    cJSON **, struct fault *);
void	providers_input_init(struct providers_input *);
int	providers_hhmm_ok(const char *);
int	providers_degrees(const char *, int64_t, int64_t *);
void	providers_check_text(struct fault *, const char *, const char *,
	    size_t, int);
int	providers_replayed(struct db *, const struct principal *,
	    const char *, const char *, int64_t *, struct fault *);
struct providers_state;
int	providers_begin_locked(struct db *, int64_t, int64_t,
	    struct providers_state *, const char *, struct fault *);

/* providers_agents_ops.c */
int	providers_agent_create(struct db *, const struct principal *, int64_t,
	    const struct providers_agent_new *, const char *, int64_t *,
	    struct fault *);
int	providers_agent_change(struct db *, const struct principal *, int64_t,
	    int64_t, const char *, int, int64_t, struct fault *);

/* providers_db.c: the providers' own statements */
int	providers_read(struct db *, int64_t, int64_t, cJSON **);
struct providers_filter {
	int64_t		 region;	/* the caller's reach: 0 all */
	int64_t		 in_region;	/* ?region=: 0 any */
	const char	*city;		/* "" any */
	const char	*category;	/* "" any */
	int		 active;	/* -1 any */
};
int	providers_list(struct db *, const struct providers_filter *, int64_t,
	    int, cJSON **);
int	providers_insert(struct db *, const struct providers_input *,
	    int64_t *);
int	providers_areas_set(struct db *, int64_t,
	    const struct providers_input *, int *);
struct providers_state {
	int64_t		 version;
	int64_t		 open_jobs;
	char		 opens[6];
	char		 closes[6];
};
int	providers_lock(struct db *, int64_t, int64_t,
	    struct providers_state *);
int	providers_update_row(struct db *, int64_t,
	    const struct providers_input *);
int	providers_key_find(struct db *, int64_t, const char *, char *,
	    int64_t *);
int	providers_key_insert(struct db *, int64_t, const char *,
	    const char *, int64_t);
int	providers_regions(struct db *, cJSON **);
int	providers_categories(struct db *, cJSON **);
int	providers_cities(struct db *, cJSON **);

/* providers_agents_db.c */
int	providers_agents_list(struct db *, int64_t, int64_t, int, cJSON **);
int	providers_agents_insert(struct db *, int64_t,
	    const struct providers_agent_new *, const char *, int64_t *);
int	providers_agents_read(struct db *, int64_t, int64_t, cJSON **);
int	providers_agents_update(struct db *, int64_t, int64_t, const char *,
	    int, int64_t);

/* providers_http.c */
int	providers_list_read(struct req *, cJSON **);
int	providers_list_get(struct req *);
int	providers_create_post(struct req *);
int	providers_get_one(struct req *);
int	providers_patch(struct req *);
int	providers_agents_get(struct req *);
int	providers_agents_post(struct req *);
int	providers_agent_patch(struct req *);
int	providers_cities_get(struct req *);

/* providers_form.c: the pages' form of a profile */
struct db;
void	providers_form_input(struct req *, struct providers_input *, char *,
	    size_t, int);
cJSON	*providers_form_of(struct req *, const cJSON *);
cJSON	*providers_form_posted(struct req *);
cJSON	*providers_form_new(struct req *);
int	providers_form_choices(struct req *, struct db *, cJSON *,
	    const char *);

/* providers_pages.c */
int	providers_page_get(struct req *);
int	providers_new_page_get(struct req *);
int	providers_new_page_post(struct req *);
int	providers_edit_page_get(struct req *);
int	providers_edit_page_post(struct req *);
int	providers_agents_page_post(struct req *);
int	providers_agent_page_post(struct req *);

/* providers_seed.c: dealernetd seed demo's part */
int	providers_seed_demo(struct db *);
/* providers_bench.c: dealernetd seed providers [--providers N] [--cities M] */
int	providers_bench_seed_cli(struct db *, int, char **);

#endif
