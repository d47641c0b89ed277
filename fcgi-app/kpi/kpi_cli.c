/* kpi_cli.c: dealernetd tiers [--nightly] */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kpi.h"

/* A tier run now; --nightly: tonight's, at most once. */
int
kpi_tiers_cli(struct db *db, int argc, char **argv)
{
	int64_t	 run = 0;
	int	 nightly = argc == 2 && strcmp(argv[1], "--nightly") == 0, rc;

	if (argc > 2 || (argc == 2 && !nightly)) {
		fprintf(stderr, "usage: dealernetd tiers [--nightly]\n");
		return 2;
	}
	if ((rc = kpi_tiers_run(db, nightly ? "nightly" : "demand", 0,
	    &run)) == -1)
		return 1;
	printf("{\"run\":%lld,\"done_already\":%s}\n", (long long)run,
	    rc == 1 ? "true" : "false");
	return 0;
}
