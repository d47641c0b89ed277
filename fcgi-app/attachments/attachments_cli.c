/*
 * attachments_cli.c: the sweep of orphaned files (media_store.c): those
 * an hour old or more that no row names (an upload rolled back after its
 * file was placed, a crash), and temporary files left by a crash.
 */
#include <stdio.h>
#include <string.h>

#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../media/media.h"
#include "attachments.h"

#define ORPHAN_AGE	3600	/* seconds */

static int
sweep(struct db *db, int64_t cutoff, int *removed)
{
	return media_store_sweep(attachments_used, db, cutoff, removed);
}

void
attachments_tick(struct db *db)
{
	int	 removed;

	if (sweep(db, util_now_unix() - ORPHAN_AGE, &removed) == -1)
		log_error("attachments sweep failed");
	else if (removed > 0)
		log_info("attachments sweep removed %d orphaned files", removed);
}

/* dealernetd attachments-sweep [--age=SECONDS] */
int
attachments_sweep_cli(struct db *db, int argc, char **argv)
{
	long long	 age = ORPHAN_AGE;
	int		 i, removed;

	for (i = 1; i < argc; i++)
		if (strncmp(argv[i], "--age=", 6) != 0 ||
		    sscanf(argv[i] + 6, "%lld", &age) != 1 || age < 0) {
			fprintf(stderr, "usage: attachments-sweep "
			    "[--age=SECONDS]\n");
			return 2;
		}
	if (sweep(db, util_now_unix() - age, &removed) == -1)
		return 1;
	printf("{\"removed\":%d}\n", removed);
	return 0;
}
