/*
 * complaints_rules.c: the complaint clocks of DESIGN §5, as arithmetic on times
 *
 * A complaint's first response is due 24 hours after filing; its
 * resolution by a target that depends on its severity.  The sweep
 * escalates an overdue complaint once per level: to the region's lead
 * (1) when either clock has passed, then to HQ (2) when that clock is a
 * day late on top.  A resolved
 * complaint may be reopened within 14 days.
 */
#include <string.h>

#include "complaints.h"

/* A clock this late on top of its due time goes to HQ. */
#define LATE_AGAIN	(24 * 3600)

static const char *const names[CP__MAX] = { "open", "in_progress",
	"resolved" };

const char *
complaints_status_name(enum complaint_status s)
{
	return (unsigned)s < CP__MAX ? names[s] : "?";
}

int
complaints_status_parse(const char *s, enum complaint_status *out)
{
	int	 i;

	for (i = 0; s != NULL && i < CP__MAX; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum complaint_status)i;
			return 0;
		}
	return -1;
}

/*
 * The level c should have reached at now (never below c->level); *clock
 * gets which clock drove it: 0 the first response, 1 the resolution.
 */
int
complaints_escalation_due(const struct clocks *c, int64_t now, int *clock)
{
	int	 level = 0;

	*clock = 0;
	if (c->resolved_at != 0)
		return c->level;
	if (c->first_responded_at == 0 && now > c->first_response_due) {
		level = 1;
		if (now > c->first_response_due + LATE_AGAIN)
			level = 2;
	}
	if (now > c->resolution_due) {
		level = now > c->resolution_due + LATE_AGAIN ? 2 : level > 1 ?
		    level : 1;
		*clock = 1;
	}
	return level > c->level ? level : c->level;
}

/* May a complaint resolved at resolved_at be reopened at now? */
int
complaints_may_reopen(enum complaint_status s, int64_t resolved_at,
    int64_t now)
{
	return s == CP_RESOLVED && resolved_at != 0 &&
	    now - resolved_at <= (int64_t)REOPEN_DAYS * 86400;
}
