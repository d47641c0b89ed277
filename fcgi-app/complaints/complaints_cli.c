/* complaints_cli.c: dealernetd sweep [--now=YYYY-MM-DDTHH:MM:SSZ] */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "complaints.h"

/* One sweep, at that time (tests set the clock), else the database's. */
int
complaints_sweep_cli(struct db *db, int argc, char **argv)
{
	struct tm	 tm;
	int64_t		 now = 0;	/* the database's clock */
	int		 raised;
	char		*end;

	if (argc == 2 && strncmp(argv[1], "--now=", 6) == 0) {
		memset(&tm, 0, sizeof(tm));
		if ((end = strptime(argv[1] + 6, "%Y-%m-%dT%H:%M:%SZ", &tm)) ==
		    NULL || *end != '\0') {
			fprintf(stderr, "--now=YYYY-MM-DDTHH:MM:SSZ (UTC)\n");
			return 2;
		}
		now = (int64_t)timegm(&tm);
	} else if (argc != 1) {
		fprintf(stderr, "usage: dealernetd sweep "
		    "[--now=YYYY-MM-DDTHH:MM:SSZ]\n");
		return 2;
	}
	if (complaints_sweep(db, now, &raised) == -1)
		return 1;
	printf("{\"escalated\":%d}\n", raised);
	return 0;
}
