/*
 * dbceil.c: MariaDB alone, the benchmark's ceiling (e): the same
 * primary-key read and the same durable single-row commit as the app's
 * bench endpoints, from as many threads as the app has, over the same
 * unix socket, with no HTTP in between.
 *
 *   dbceil SOCKET read|write THREADS SECONDS MAX_ID
 *
 * Prints "ops/s p50_ms p99_ms".
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysql.h>

#define LAT_MAX	(1 << 16)	/* latency samples kept per thread */

static const char	*sock;
static int		 writing, seconds;
static long long	 max_id;
static double		 lat[64][LAT_MAX];
static size_t		 nlat[64];
static unsigned long long nops[64];	/* every operation, sampled or not */

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *
run(void *arg)
{
	int		 t = (int)(intptr_t)arg;
	MYSQL		*my = mysql_init(NULL);
	MYSQL_STMT	*st;
	MYSQL_BIND	 b;
	long long	 id;
	unsigned	 seed = (unsigned)t * 7919u + 1u;
	double		 end, t0;
	const char	*sql = writing ?
	    "INSERT INTO bench_writes (note) VALUES ('ceiling')" :
	    "SELECT id, number, status, total FROM orders WHERE id = ?";

	if (mysql_real_connect(my, NULL, "root", NULL, "dealernet", 0, sock,
	    0) == NULL) {
		fprintf(stderr, "connect: %s\n", mysql_error(my));
		exit(1);
	}
	st = mysql_stmt_init(my);
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) != 0) {
		fprintf(stderr, "prepare: %s\n", mysql_stmt_error(st));
		exit(1);
	}
	memset(&b, 0, sizeof(b));
	b.buffer_type = MYSQL_TYPE_LONGLONG;
	b.buffer = &id;
	end = now() + seconds;
	while ((t0 = now()) < end) {
		id = 1 + (long long)(rand_r(&seed) % max_id);
		if (!writing)
			mysql_stmt_bind_param(st, &b);
		if (mysql_stmt_execute(st) != 0) {
			fprintf(stderr, "execute: %s\n", mysql_stmt_error(st));
			exit(1);
		}
		if (!writing) {
			mysql_stmt_store_result(st);
			mysql_stmt_free_result(st);
		}
		/* a reservoir: every operation has the same chance to be kept */
		if (nlat[t] < LAT_MAX)
			lat[t][nlat[t]++] = now() - t0;
		else if (rand_r(&seed) % (nops[t] + 1) < LAT_MAX)
			lat[t][rand_r(&seed) % LAT_MAX] = now() - t0;
		nops[t]++;
	}
	mysql_stmt_close(st);
	mysql_close(my);
	return NULL;
}

static int
cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	pthread_t	 th[64];
	double		*all;
	unsigned long long ops = 0;
	size_t		 n = 0, i, k;
	int		 threads, t;

	if (argc != 6) {
		fprintf(stderr, "usage: dbceil SOCKET read|write THREADS "
		    "SECONDS MAX_ID\n");
		return 2;
	}
	sock = argv[1];
	writing = strcmp(argv[2], "write") == 0;
	threads = atoi(argv[3]);
	seconds = atoi(argv[4]);
	max_id = atoll(argv[5]);
	if (threads < 1 || threads > 64 || seconds < 1 || max_id < 1)
		return 2;
	mysql_library_init(0, NULL, NULL);
	for (t = 0; t < threads; t++)
		pthread_create(&th[t], NULL, run, (void *)(intptr_t)t);
	for (t = 0; t < threads; t++)
		pthread_join(th[t], NULL);
	for (t = 0; t < threads; t++) {
		n += nlat[t];
		ops += nops[t];
	}
	if ((all = malloc(n * sizeof(*all))) == NULL)
		return 1;
	for (t = 0, k = 0; t < threads; t++)
		for (i = 0; i < nlat[t]; i++)
			all[k++] = lat[t][i];
	qsort(all, n, sizeof(*all), cmp);
	printf("%.0f %.2f %.2f\n", (double)ops / seconds,
	    n ? all[n / 2] * 1e3 : 0, n ? all[n * 99 / 100] * 1e3 : 0);
	free(all);
	mysql_library_end();
	return 0;
}
