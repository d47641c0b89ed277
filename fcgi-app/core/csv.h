/* csv.h: RFC 4180 CSV: reading it into rows, bounded; writing it */
#ifndef CORE_CSV_H
#define CORE_CSV_H

#include <stddef.h>

#define CSV_FIELDS	8	/* per row; more is an error of that row */
#define CSV_FIELD_MAX	1000	/* bytes per field */

struct csv_row {
	int	 line;			/* 1-based line where the row starts */
	int	 nfields;		/* -1: more than CSV_FIELDS */
	char	*fields[CSV_FIELDS];	/* NUL-terminated, unquoted */
};

int	csv_parse(const char *, size_t, struct csv_row *, int, int *,
	    const char **);
void	csv_rows_free(struct csv_row *, int);
char	*csv_trim(char *);

struct buf;
#define CSV_BOM	"\xef\xbb\xbf"	/* so spreadsheet programs read UTF-8 */
void	csv_put(struct buf *, const char *, int);

#endif
