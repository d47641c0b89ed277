/*
 * notify_kinds.c: every kind of notification, its recipients and its
 * default channels (issue #20's table); a user's notification_prefs row
 * overrides the channels, kind by kind.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/auth.h"
#include "notify.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
/* a dealer's, and the chain's over it (NOTIFY_DEALER reaches both) */
#define BUYERS		(ROLE_DEALER_BUYER | ROLE_DEALER_ADMIN | \
			 ROLE_CHAIN_BUYER)
#define FINANCE		(ROLE_DEALER_FINANCE | ROLE_DEALER_ADMIN | \
			 ROLE_CHAIN_FINANCE)

/* the link and secret fields are left out, NULL and 0, but where set */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define PE	(NOTIFY_PORTAL | NOTIFY_EMAIL)
#define P	NOTIFY_PORTAL

static const struct notify_kind kinds[] = {
	/* an order's moves: the dealer's buyers (and its admin); one above
	 * the dealer's own limit first to its approvers, and back */
	{ "order.awaiting_release", NOTIFY_DEALER, ROLE_DEALER_APPROVER, PE,
	    "notify_order_awaiting_release" },
	{ "order.sent_back",	NOTIFY_DEALER, BUYERS,	PE, "notify_order_sent_back" },
	{ "order.approved",	NOTIFY_DEALER, BUYERS,	PE, "notify_order_approved" },
	{ "order.rejected",	NOTIFY_DEALER, BUYERS,	PE, "notify_order_rejected" },
	{ "order.escalated",	NOTIFY_DEALER, BUYERS,	P, "notify_order_escalated" },
	{ "order.scheduled",	NOTIFY_DEALER, BUYERS,	P, "notify_order_scheduled" },
	{ "order.in_production", NOTIFY_DEALER, BUYERS, P,
	    "notify_order_in_production" },
	{ "order.shipped",	NOTIFY_DEALER, BUYERS,	PE, "notify_order_shipped" },
	{ "order.part_shipped",	NOTIFY_DEALER, BUYERS,	PE,
	    "notify_order_part_shipped" },
	{ "order.delivered",	NOTIFY_DEALER, BUYERS,	PE, "notify_order_delivered" },
	{ "order.closed",	NOTIFY_DEALER, BUYERS,	P, "notify_order_closed" },
	{ "order.cancelled",	NOTIFY_DEALER, BUYERS,	PE, "notify_order_cancelled" },
	/* returns (RMA): a request to the region's deciders, the decision
	 * and the credit note to the dealer's buyers */
	{ "return.requested",	NOTIFY_REGION, ROLE_REGION_APPROVER |
	    ROLE_ACCOUNT_MANAGER, PE, "notify_return_requested",
	    "/returns/{number}" },
	{ "return.approved",	NOTIFY_DEALER, BUYERS,	PE,
	    "notify_return_approved", "/returns/{number}" },
	{ "return.refused",	NOTIFY_DEALER, BUYERS,	PE,
	    "notify_return_refused", "/returns/{number}" },
	{ "return.received",	NOTIFY_DEALER, BUYERS | FINANCE, PE,
	    "notify_return_received", "/returns/{number}" },
	/* complaints: filed to the region's agents, a reply to the dealer,
	 * the first-response clock's warning to its handler (or the agents) */
	{ "complaint.filed",	NOTIFY_REGION, ROLE_SERVICE_AGENT, PE,
	    "notify_complaint_filed" },
	{ "complaint.replied",	NOTIFY_DEALER, BUYERS, PE,
	    "notify_complaint_replied" },
	{ "complaint.due_soon",	NOTIFY_USER, ROLE__ALL, PE,
	    "notify_complaint_due_soon" },
	{ "complaint.due_soon_region", NOTIFY_REGION, ROLE_SERVICE_AGENT, PE,
	    "notify_complaint_due_soon" },
	/* the dealer's account: a statement ready, a dispute settled */
	{ "statement.ready",	NOTIFY_DEALER, FINANCE, PE,
	    "notify_statement_ready" },
	{ "statement.resolved",	NOTIFY_DEALER, FINANCE, PE,
	    "notify_statement_resolved" },
	/* news for the dealer's region and tier: in the portal */
	{ "news.published",	NOTIFY_DEALER, ROLE_DEALER_BUYER |
	    ROLE_DEALER_FINANCE | ROLE_DEALER_ADMIN, P,
	    "notify_news_published" },
	/* the day's orders waiting over 24 hours: the region's approvers */
	{ "approvals.digest",	NOTIFY_DEALER, ROLE_REGION_APPROVER, PE,
	    "notify_approvals_digest" },
	/* the sweep's levels: the region's lead, then HQ's service agents */
	{ "complaint.escalated_region", NOTIFY_REGION, ROLE_REGION_APPROVER, PE,
	    "notify_complaint_escalated_region" },
	{ "complaint.escalated_hq", NOTIFY_HQ, ROLE_SERVICE_AGENT, PE,
	    "notify_complaint_escalated_hq" },
	/* service: a job offered to a provider (its agents: the event's org
	 * is the provider's), a job no provider could take (the region's) */
	{ "service.offered",	NOTIFY_ORG, ROLE_PROVIDER_AGENT,
	    NOTIFY_PORTAL | NOTIFY_EMAIL | NOTIFY_SMS, "notify_service_offered",
	    "/provider/jobs/{number}" },
	{ "service.unplaced",	NOTIFY_REGION, ROLE_SERVICE_AGENT, PE,
	    "notify_service_unplaced", "/service/{number}" },
	/* service: provider work, parts, follow-ups: the region ships the
	 * parts asked for and calls the customer of a finished job; a
	 * provider's agents (its org the event's) hear that parts arrived */
	{ "service.parts_requested", NOTIFY_REGION, ROLE_SERVICE_AGENT, P,
	    "notify_service_parts_requested", "/service/parts" },
	{ "service.parts_overdue", NOTIFY_REGION, ROLE_SERVICE_AGENT, PE,
	    "notify_service_parts_overdue", "/service/parts" },
	{ "service.followup_due", NOTIFY_REGION, ROLE_SERVICE_AGENT, P,
	    "notify_service_followup_due", "/service/followups" },
	{ "service.parts_arrived", NOTIFY_DEALER, ROLE_PROVIDER_AGENT, PE,
	    "notify_service_parts_arrived", "/provider/jobs/{number}" },
	/* to one user, by e-mail only, whatever they chose; scrubbed after */
	{ "password.reset",	NOTIFY_USER, ROLE__ALL, NOTIFY_EMAIL,
	    "notify_password_reset", "/reset?token={token}", 1, 1 },
	/* whoever changed it, its owner hears of it: a stolen account shows */
	{ "password.changed",	NOTIFY_USER, ROLE__ALL, NOTIFY_EMAIL,
	    "notify_password_changed", "/forgot", 0, 1 },
};

static const char *const channel_names[] = { "portal", "email", "sms" };

const struct notify_kind *
notify_kind_find(const char *kind)
{
	size_t	 i;

	for (i = 0; kind != NULL && i < NELEM(kinds); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return &kinds[i];
	return NULL;
}

size_t
notify_kinds(const struct notify_kind **v)
{
	*v = kinds;
	return NELEM(kinds);
}

/* "portal,email" as the SET spells it; -1 for a name it does not know. */
int
notify_channels_parse(const char *s, unsigned *out)
{
	size_t	 i, len;

	*out = 0;
	while (s != NULL && *s != '\0') {
		len = strcspn(s, ",");
		for (i = 0; i < NELEM(channel_names); i++)
			if (strlen(channel_names[i]) == len &&
			    strncmp(s, channel_names[i], len) == 0)
				break;
		if (i == NELEM(channel_names))
			return -1;
		*out |= 1u << i;
		s += len + (s[len] == ',');
	}
	return 0;
}

void
notify_channels_text(unsigned ch, char *out, size_t sz)
{
	size_t	 i, n = 0;

	if (sz == 0)
		return;
	out[0] = '\0';
	for (i = 0; i < NELEM(channel_names); i++)
		if (ch & (1u << i))
			n += (size_t)snprintf(out + (n < sz ? n : sz - 1),
			    n < sz ? sz - n : 1, "%s%s", n ? "," : "",
			    channel_names[i]);
}
