/*
 * bench_cli.c: dealernetd seed bench --orders N [--focus F
 * [--focus-tenths T]] [--sellthrough]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

/*
 * argv[0] is "bench": N more orders, with --focus T in ten of them (6
 * unless --focus-tenths says) to the first F dealers, and with
 * --sellthrough the reports.
 */
int
bench_seed_cli(struct db *db, int argc, char **argv)
{
	struct bench_focus	 focus = { 0, 6 };
	long long		 n = -1;
	int			 i, sellthrough = 0;
	char			*end;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--sellthrough") == 0)
			sellthrough = 1;
		else if (i + 1 < argc && strcmp(argv[i], "--orders") == 0) {
			n = strtoll(argv[++i], &end, 10);
			if (*end != '\0')
				n = -1;
		} else if (i + 1 < argc && strcmp(argv[i], "--focus") == 0) {
			focus.dealers = strtoll(argv[++i], &end, 10);
			if (*end != '\0')
				focus.dealers = -1;
		} else if (i + 1 < argc &&
		    strcmp(argv[i], "--focus-tenths") == 0) {
			focus.tenths = strtoll(argv[++i], &end, 10);
			if (*end != '\0')
				focus.tenths = -1;
		} else
			n = -2;
	}
	if (n < 0 || focus.dealers < 0 || focus.tenths < 0) {
		fprintf(stderr, "usage: dealernetd seed bench --orders N "
		    "[--focus F [--focus-tenths T]] [--sellthrough]\n");
		return 2;
	}
	return bench_seed(db, n, &focus, BENCH_PASSWORD, sellthrough) == 0 ?
	    0 : 1;
}
