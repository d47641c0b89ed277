/*
 * audit_reader.c: who reads the audit trail, and how far
 *
 * HQ's admin reads every row.  A region's admin (region_admin), a chain's
 * (chain_admin) and a dealer's (dealer_admin) read the rows that reach
 * their own organisation (audit.c writes whom each row reaches): a
 * region's, those about itself, its dealers and its providers; a chain's,
 * about itself and its branches; a dealer's, about itself.  Anyone else
 * reads none.  The pages ask the same to show their "history" links.
 */
#include "../auth/auth.h"
#include "audit.h"

enum audit_reads
audit_reader(const struct principal *who)
{
	switch (who->kind) {
	case ORG_HQ:
		return (who->roles & ROLE_ADMIN) ? AUDIT_READS_ALL :
		    AUDIT_READS_NONE;
	case ORG_REGION:
		return (who->roles & ROLE_REGION_ADMIN) ? AUDIT_READS_OWN :
		    AUDIT_READS_NONE;
	case ORG_CHAIN:
		return (who->roles & ROLE_CHAIN_ADMIN) ? AUDIT_READS_OWN :
		    AUDIT_READS_NONE;
	case ORG_DEALER:
		return (who->roles & ROLE_DEALER_ADMIN) ? AUDIT_READS_OWN :
		    AUDIT_READS_NONE;
	default:
		return AUDIT_READS_NONE;
	}
}

/* A reader on the staff's side (HQ, a region): reads what staff alone do. */
int
audit_reader_staff(const struct principal *who)
{
	return audit_reader(who) != AUDIT_READS_NONE &&
	    !ORG_IS_CUSTOMER(who->kind);
}

/*
 * A page's flags for its links to the trail: can_audit (the caller reads
 * some of it) and can_audit_staff (and what staff alone read).
 */
void
audit_page_flags(cJSON *ctx, const struct principal *who)
{
	if (audit_reader(who) != AUDIT_READS_NONE)
		cJSON_AddBoolToObject(ctx, "can_audit", 1);
	if (audit_reader_staff(who))
		cJSON_AddBoolToObject(ctx, "can_audit_staff", 1);
}
