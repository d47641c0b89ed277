/* migrate.h: apply migrations/NNNN_name.sql in order, once each */
#ifndef DB_MIGRATE_H
#define DB_MIGRATE_H

#include <stddef.h>

struct db;

struct migrate_stmt {
	const char	*s;
	size_t		 len;
};

int	migrate_split(const char *, struct migrate_stmt *, size_t, size_t *);
int	migrate_name_ok(const char *, int *);
int	migrate_run(struct db *, const char *);

#endif
