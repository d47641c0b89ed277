/* bench.h: what only the benchmark uses */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stdint.h>

struct db;
struct req;

#define BENCH_PASSWORD	"dealernet-bench"	/* of the bench.* users */

/* Of the orders seeded, tenths in ten go to the first dealers. */
struct bench_focus {
	int64_t	 dealers;
	int64_t	 tenths;
};

/* bench_seed.c */
int	bench_seed(struct db *, int64_t, const struct bench_focus *,
	    const char *, int);

/* bench_cli.c */
int	bench_seed_cli(struct db *, int, char **);

/* bench_http.c (bench builds only) */
int	bench_read_get(struct req *);
int	bench_write_post(struct req *);

#endif
