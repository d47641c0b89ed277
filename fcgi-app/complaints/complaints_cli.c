/* complaints_cli.c: dealernetd sweep [--now=YYYY-MM-DDTHH:MM:SSZ] */
#include <stdint.h>
#include <stdio.h>

#include "../core/util.h"
#include "complaints.h"

/* One sweep, at that time (tests set the clock), else the database's. */
int
complaints_sweep_cli(struct db *db, int argc, char **argv)
{
	int64_t		 now;
	int		 raised;

	if (util_cli_now(argc, argv, &now) == -1)
		return 2;
	if (complaints_sweep(db, now, &raised) == -1)
		return 1;
	printf("{\"escalated\":%d}\n", raised);
	return 0;
}
