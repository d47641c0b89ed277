/* service_dispatch_bench.c: (stub) */
#include "service_jobs.h"
int service_dispatch_bench_seed(struct db *db, int argc, char **argv) { (void)db; (void)argc; (void)argv; return 1; }
