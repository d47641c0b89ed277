/*
 * migrate.c: apply migrations/NNNN_name.sql in order, once each
 *
 * Each applied file is recorded with its SHA-256; a recorded file whose
 * text changed is refused, since the database no longer matches it.
 * MariaDB commits DDL implicitly, so a file is applied statement by
 * statement and recorded after its last one; keep each file small.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "../core/log.h"
#include "../core/util.h"
#include "db.h"
#include "migrate.h"

#define MAX_FILES	1000
#define MAX_STMTS	500

static const char sql_table[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INT NOT NULL PRIMARY KEY,"
    " name VARCHAR(200) NOT NULL,"
    " checksum CHAR(64) NOT NULL,"
    " applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
static const char sql_lock[] = "SELECT GET_LOCK('dealernet.migrate', ?)";
static const char sql_unlock[] = "SELECT RELEASE_LOCK('dealernet.migrate')";
static const char sql_get[] =
    "SELECT checksum FROM schema_migrations WHERE version = ?";
static const char sql_put[] =
    "INSERT INTO schema_migrations (version, name, checksum) "
    "VALUES (?, ?, ?)";

/* Does s..e hold anything but white space and comments? */
static int
has_code(const char *s, const char *e)
{
	const char	*q;

	while (s < e) {
		if (isspace((unsigned char)*s))
			s++;
		else if (*s == '#' || (s[0] == '-' && s + 1 < e && s[1] == '-'))
			while (s < e && *s != '\n')
				s++;
		else if (s[0] == '/' && s + 1 < e && s[1] == '*') {
			if ((q = strstr(s + 2, "*/")) == NULL || q + 2 > e)
				return 1;
			s = q + 2;
		} else
			return 1;
	}
	return 0;
}

/*
 * A "DELIMITER xx" line at p, the first thing of a statement, as the
 * mariadb client reads it: the new delimiter into delim and the end of
 * the line, or NULL.
 */
static const char *
delimiter_line(const char *p, char *delim, size_t size)
{
	size_t	 n;

	if (strncasecmp(p, "DELIMITER", 9) != 0 || (p[9] != ' ' &&
	    p[9] != '\t'))
		return NULL;
	p += 9 + strspn(p + 9, " \t");
	if ((n = strcspn(p, " \t\r\n")) == 0 || n >= size)
		return NULL;
	memcpy(delim, p, n);
	delim[n] = '\0';
	p += n;
	return p + strcspn(p, "\n");
}

/*
 * Split SQL text at semicolons outside quotes and comments.  A stored
 * procedure's body holds semicolons of its own: as in the mariadb
 * client, a line "DELIMITER //" makes "//" end statements until the
 * next DELIMITER line.  Returns -1 on unterminated quotes or comments,
 * a bad DELIMITER line, or more than max statements.
 */
int
migrate_split(const char *s, struct migrate_stmt *out, size_t max,
    size_t *n)
{
	const char	*start = s, *p = s, *q;
	char		 quote, delim[16] = ";";
	size_t		 dlen = 1;

	*n = 0;
	while (*p != '\0') {
		if ((p == s || p[-1] == '\n') && !has_code(start, p) &&
		    strncasecmp(p, "DELIMITER", 9) == 0) {
			if ((q = delimiter_line(p, delim, sizeof(delim))) ==
			    NULL)
				return -1;
			dlen = strlen(delim);
			start = p = q;
		} else if (*p == '\'' || *p == '"' || *p == '`') {
			quote = *p++;
			while (*p != '\0' && *p != quote) {
				if (*p == '\\' && quote != '`' && p[1] != '\0')
					p++;
				p++;
			}
			if (*p == '\0')
				return -1;
			p++;
		} else if (p[0] == '-' && p[1] == '-' &&
		    (p[2] == ' ' || p[2] == '\t' || p[2] == '\n' ||
		    p[2] == '\0')) {
			p += strcspn(p, "\n");
		} else if (*p == '#') {
			p += strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			if ((q = strstr(p + 2, "*/")) == NULL)
				return -1;
			p = q + 2;
		} else if (strncmp(p, delim, dlen) == 0) {
			if (has_code(start, p)) {
				if (*n == max)
					return -1;
				out[*n].s = start;
				out[(*n)++].len = (size_t)(p - start);
			}
			start = p += dlen;
		} else
			p++;
	}
	/* A last statement may lack its semicolon. */
	if (has_code(start, start + strlen(start))) {
		if (*n == max)
			return -1;
		out[*n].s = start;
		out[(*n)++].len = strlen(start);
	}
	return 0;
}

/* "0001_init.sql" -> 1; the name must be NNNN_[a-z0-9_]+.sql. */
int
migrate_name_ok(const char *name, int *version)
{
	size_t	 i, n = strlen(name);

	if (n < 10 || strcmp(name + n - 4, ".sql") != 0 || name[4] != '_')
		return 0;
	for (i = 0; i < 4; i++)
		if (!isdigit((unsigned char)name[i]))
			return 0;
	for (i = 5; i < n - 4; i++)
		if (!islower((unsigned char)name[i]) &&
		    !isdigit((unsigned char)name[i]) && name[i] != '_')
			return 0;
	*version = atoi(name);
	return *version > 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
list_files(const char *dir, char ***out, size_t *n)
{
	struct dirent	 *de;
	char		**v;
	DIR		 *d;
	size_t		  i;
	int		  ver;

	*out = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		log_error("%s: cannot open", dir);
		return -1;
	}
	if ((v = calloc(MAX_FILES, sizeof(*v))) == NULL) {
		closedir(d);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !strstr(de->d_name, ".sql"))
			continue;
		if (!migrate_name_ok(de->d_name, &ver)) {
			log_error("%s/%s: want NNNN_name.sql", dir, de->d_name);
			goto fail;
		}
		if (*n == MAX_FILES || (v[*n] = strdup(de->d_name)) == NULL)
			goto fail;
		(*n)++;
	}
	closedir(d);
	qsort(v, *n, sizeof(*v), cmp_names);
	for (i = 1; i < *n; i++)
		if (strncmp(v[i - 1], v[i], 4) == 0) {
			log_error("%s and %s have the same number", v[i - 1],
			    v[i]);
			goto fail_closed;
		}
	*out = v;
	return 0;
fail:
	closedir(d);
fail_closed:
	while (*n > 0)
		free(v[--*n]);
	free(v);
	return -1;
}

/* 0 applied now, 1 applied before, -1 error. */
static int
apply(struct db *db, const char *dir, const char *name)
{
	struct migrate_stmt	*st = NULL;
	struct db_stmt		*s;
	unsigned char		 sum[crypto_hash_sha256_BYTES];
	char			 hex[2 * sizeof(sum) + 1], path[1024];
	char			*text = NULL;
	size_t			 len, n, i;
	int			 ver, rc = -1;

	migrate_name_ok(name, &ver);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (util_read_file(path, &text, &len, 16 << 20) == -1) {
		log_error("%s: cannot read", path);
		goto out;
	}
	crypto_hash_sha256(sum, (unsigned char *)text, len);
	util_hex(hex, sum, sizeof(sum));

	if ((s = db_prepare(db, sql_get)) == NULL ||
	    db_bind_int(s, 0, ver) == -1)
		goto out;
	switch (db_step(s)) {
	case DB_ROW:
		rc = strcmp(db_col_text(s, 0, NULL), hex) == 0 ? 1 : -1;
		if (rc == -1)
			log_error("%s was changed after it was applied "
			    "(recorded sha256 %s, file has %s); never edit an "
			    "applied migration, add a new one", name,
			    db_col_text(s, 0, NULL), hex);
		db_stmt_release(s);
		goto out;
	case DB_DONE:
		db_stmt_release(s);
		break;
	default:
		db_stmt_release(s);
		goto out;
	}

	if ((st = calloc(MAX_STMTS, sizeof(*st))) == NULL)
		goto out;
	if (migrate_split(text, st, MAX_STMTS, &n) == -1) {
		log_error("%s: unterminated quote or comment, or too many "
		    "statements", name);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (db_run_text(db, st[i].s, st[i].len) == -1) {
			log_error("%s: statement %zu failed: %s", name, i + 1,
			    db_errmsg(db));
			goto out;
		}
	if ((s = db_prepare(db, sql_put)) == NULL ||
	    db_bind_int(s, 0, ver) == -1 || db_bind_text(s, 1, name) == -1 ||
	    db_bind_text(s, 2, hex) == -1 || db_exec(s) == -1) {
		db_stmt_release(s);
		goto out;
	}
	db_stmt_release(s);
	log_info("applied %s", name);
	rc = 0;
out:
	free(st);
	free(text);
	return rc;
}

int
migrate_run(struct db *db, const char *dir)
{
	struct db_stmt	 *s;
	char		**files = NULL;
	size_t		  n = 0, i, done = 0;
	int		  rc = -1, r, locked = 0;

	if (db_ensure(db) == NULL || db_run(db, sql_table) == -1)
		return -1;
	if ((s = db_prepare(db, sql_lock)) == NULL ||
	    db_bind_int(s, 0, 120) == -1 || db_step(s) != DB_ROW ||
	    db_col_int(s, 0) != 1) {
		log_error("cannot take the migration lock");
		db_stmt_release(s);
		goto out;
	}
	db_stmt_release(s);
	locked = 1;
	if (list_files(dir, &files, &n) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		if ((r = apply(db, dir, files[i])) == -1)
			goto out;
		done += r == 0;
	}
	log_info("migrations: %zu applied now, %zu in all", done, n);
	rc = 0;
out:
	if (locked && (s = db_prepare(db, sql_unlock)) != NULL) {
		db_step(s);
		db_stmt_release(s);
	}
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	return rc;
}
