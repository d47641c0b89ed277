/* audit.h: the audit log every change writes, and who may read it */
#ifndef AUDIT_AUDIT_H
#define AUDIT_AUDIT_H

#include <stdint.h>

#include <cjson/cJSON.h>

struct db;
struct principal;

/*
 * Whom a row concerns, and so who reads it beside HQ's admin (who reads
 * every row): the organisation org, its region and its chain, or with
 * staff set only its region (what its customer never reads, as an
 * approver's reason); and also[], others that must read it too (the
 * chain a dealer left).  org 0: HQ's own thing (a product, news).
 */
#define AUDIT_ALSO_MAX	2
struct audit_about {
	int64_t	 org;
	int	 staff;
	int64_t	 also[AUDIT_ALSO_MAX];	/* 0: none */
};

/*
 * A change's details keep its new values under their names and the old
 * ones under name AUDIT_BEFORE ("credit_limit_before"): the trail shows
 * each name's before and after.
 */
#define AUDIT_BEFORE	"_before"

/* audit.c: in the change's own transaction; who NULL: the command line */
int	audit_write(struct db *, const struct principal *, const char *,
	    const char *, int64_t, int64_t, const cJSON *);
int	audit_write_about(struct db *, const struct principal *, const char *,
	    const char *, int64_t, const struct audit_about *, const cJSON *);

/* audit_details.c: building details */
void	audit_num(cJSON *, const char *, int64_t, int64_t);
void	audit_text(cJSON *, const char *, const char *, const char *);
void	audit_bool(cJSON *, const char *, int, int);

/*
 * audit_reader.c: who reads the trail, and how far.  HQ's admin reads all;
 * a region's, a chain's and a dealer's admin the rows that reach its own
 * organisation (audit_reach); anyone else none.
 */
enum audit_reads { AUDIT_READS_NONE, AUDIT_READS_OWN, AUDIT_READS_ALL };
enum audit_reads audit_reader(const struct principal *);
int	audit_reader_staff(const struct principal *);
void	audit_page_flags(cJSON *, const struct principal *);

#endif
