/* bench_cli.c: dealernetd seed bench --orders N [--sellthrough] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

/* argv[0] is "bench": N more orders, and with --sellthrough the reports. */
int
bench_seed_cli(struct db *db, int argc, char **argv)
{
	if ((argc != 3 && (argc != 4 ||
	    strcmp(argv[3], "--sellthrough") != 0)) ||
	    strcmp(argv[1], "--orders") != 0) {
		fprintf(stderr, "usage: dealernetd seed bench --orders N "
		    "[--sellthrough]\n");
		return 2;
	}
	return bench_seed(db, strtoll(argv[2], NULL, 10), BENCH_PASSWORD,
	    argc == 4) == 0 ? 0 : 1;
}
