/*
 * stop.c: set once by the server on SIGTERM; the ticks' loops and their
 * sends (libcurl's progress callback) look at it, so that shutdown waits
 * for at most one item, not a batch of timeouts
 */
#include <stdatomic.h>

#include "stop.h"

static atomic_int	 stopping;

void
stop_request(void)
{
	atomic_store(&stopping, 1);
}

int
stop_requested(void)
{
	return atomic_load(&stopping);
}
