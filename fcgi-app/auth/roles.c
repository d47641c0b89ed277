/* roles.c: role and organisation-kind names, and who may hold what */
#include <string.h>

#include "auth.h"

static const char *const role_names[ROLE__COUNT] = {
	"dealer_buyer", "dealer_finance", "dealer_admin", "account_manager",
	"region_approver", "hq_key_account", "finance_clerk", "service_agent",
	"admin", "erp", "provider_agent", "chain_buyer", "chain_finance",
	"chain_admin", "dealer_approver", "region_admin"
};

static const char *const kind_names[ORG__MAX] = { "hq", "region", "dealer",
	"provider", "chain" };

/* The name of a single role bit, or NULL. */
const char *
role_name(unsigned bit)
{
	int	 i;

	for (i = 0; i < ROLE__COUNT; i++)
		if (bit == 1u << i)
			return role_names[i];
	return NULL;
}

int
role_parse(const char *s, unsigned *bit)
{
	int	 i;

	for (i = 0; s != NULL && i < ROLE__COUNT; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*bit = 1u << i;
			return 0;
		}
	return -1;
}

/* The names of the roles in mask, in order; returns how many. */
int
roles_to_names(unsigned mask, const char **out, size_t max)
{
	int	 i, n = 0;

	for (i = 0; i < ROLE__COUNT && (size_t)n < max; i++)
		if (mask & (1u << i))
			out[n++] = role_names[i];
	return n;
}

/* DESIGN §2: which roles an organisation of this kind may hold. */
unsigned
roles_allowed_for(enum org_kind k)
{
	switch (k) {
	case ORG_DEALER:
		return ROLES_DEALER;
	case ORG_REGION:
		return ROLE_ACCOUNT_MANAGER | ROLE_REGION_APPROVER |
		    ROLE_FINANCE_CLERK | ROLE_SERVICE_AGENT | ROLE_REGION_ADMIN;
	case ORG_HQ:
		return ROLE_HQ_KEY_ACCOUNT | ROLE_FINANCE_CLERK |
		    ROLE_SERVICE_AGENT | ROLE_ADMIN | ROLE_ERP;
	case ORG_PROVIDER:
		return ROLE_PROVIDER_AGENT;
	case ORG_CHAIN:
		return ROLES_CHAIN;
	default:
		return 0;
	}
}

const char *
org_kind_name(enum org_kind k)
{
	return (unsigned)k < ORG__MAX ? kind_names[k] : "?";
}

int
org_kind_parse(const char *s, enum org_kind *out)
{
	int	 i;

	for (i = 0; s != NULL && i < ORG__MAX; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*out = (enum org_kind)i;
			return 0;
		}
	return -1;
}
