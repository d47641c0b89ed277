/*
 * service_dispatch_rules.c: sharing a batch's slots out, no I/O
 *
 * The dispatcher reads each job's candidates with their loads in one
 * statement; the jobs then take slots in claim order, each the nearest of
 * its candidates not yet full counting what the jobs before it took.  The
 * database's guards (open_jobs + taken <= capacity) check the result.
 */
#include <stdint.h>

#include "service_jobs.h"

/*
 * Choose each job's provider (p[i]->chosen, 0: none left); the providers
 * met and the slots taken of each into sl (room for n * SERVICE_CANDIDATES).
 * The number of providers in sl.
 */
int
service_dispatch_assign(struct service_pick **p, int n,
    struct service_slot *sl)
{
	int	 i, c, k, ns = 0;

	for (i = 0; i < n; i++) {
		p[i]->chosen = 0;
		for (c = 0; c < p[i]->ncand && p[i]->chosen == 0; c++) {
			for (k = 0; k < ns && sl[k].id != p[i]->cand[c]; k++)
				;
			if (k == ns) {
				sl[ns].id = p[i]->cand[c];
				sl[ns].open = p[i]->open[c];
				sl[ns].cap = p[i]->cap[c];
				sl[ns++].take = 0;
			}
			if (sl[k].open + sl[k].take < sl[k].cap) {
				sl[k].take++;
				p[i]->chosen = sl[k].id;
			}
		}
	}
	return ns;
}
