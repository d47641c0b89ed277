/*
 * accounts_orgs.h: organisations (regions, dealers, chains) and account
 * managers' dealers
 */
#ifndef ACCOUNTS_ORGS_H
#define ACCOUNTS_ORGS_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct db;
struct fault;
struct principal;

#define ACCOUNTS_ORGS_ASSIGN_MAX	200	/* dealers of one manager */

/*
 * A new region, dealer or chain; region, chain, dealer_kind and tier a
 * dealer's only.
 */
struct accounts_org_new {
	const char	*kind;		/* "region", "dealer" or "chain" */
	const char	*code;
	const char	*name_zh;
	const char	*name_en;
	const char	*city;		/* NULL: "" */
	int64_t		 region;	/* < 1: none given */
	int64_t		 chain;		/* < 1: none */
	const char	*dealer_kind;
	const char	*tier;
};

/* Changes to an organisation; a NULL or negative field stays as it is. */
struct accounts_org_change {
	const char	*name_zh;
	const char	*name_en;
	const char	*city;
	const char	*tier;
	int		 active;	/* -1: unchanged */
	int64_t		 chain;		/* a dealer's: -1 unchanged, 0 none */
	int64_t		 version;	/* -1: whatever it is now; 0: bad */
};

/* An organisation as a change finds it (the audit log's "before"). */
struct accounts_org_was {
	char		 name_zh[801], name_en[801], city[401], tier[2];
	int		 active;
	int64_t		 chain;		/* 0: none */
	int64_t		 version;
};

/* accounts_orgs_ops.c: each returns the status it stands for */
int	accounts_orgs_create(struct db *, const struct principal *,
	    const struct accounts_org_new *, int64_t *, struct fault *);
int	accounts_orgs_update(struct db *, const struct principal *, int64_t,
	    const struct accounts_org_change *, struct fault *);
int	accounts_orgs_assign(struct db *, const struct principal *, int64_t,
	    const int64_t *, int, struct fault *);
int	accounts_orgs_assign_key_account(struct db *, const struct principal *,
	    int64_t, const int64_t *, int, struct fault *);

/* accounts_orgs_db.c */
int	accounts_orgs_read(struct db *, int64_t, cJSON **, struct fault *);
struct accounts_org_filter {
	const char	*kind;		/* "": any */
	int64_t		 region;	/* 0: any */
	int64_t		 chain;		/* 0: any */
};
int	accounts_orgs_list(struct db *, const struct accounts_org_filter *,
	    int64_t, int, cJSON **);
int	accounts_orgs_kind(struct db *, int64_t, char *, size_t);
int	accounts_orgs_set_chain(struct db *, int64_t, int64_t);
int	accounts_orgs_assigned(struct db *, int64_t, cJSON **);
int	accounts_orgs_insert(struct db *, const struct accounts_org_new *, int,
	    int64_t *);
int	accounts_orgs_update_row(struct db *, int64_t,
	    const struct accounts_org_change *);
int	accounts_orgs_was(struct db *, int64_t, struct accounts_org_was *);
int	accounts_orgs_manager_region(struct db *, int64_t, int64_t *);
int	accounts_orgs_unassign(struct db *, int64_t);
int	accounts_orgs_assign_one(struct db *, int64_t, int64_t, int64_t);
int	accounts_orgs_assign_chains(struct db *, int64_t, const int64_t *,
	    int);
int	accounts_orgs_chains_assigned(struct db *, int64_t, cJSON **);

#endif
