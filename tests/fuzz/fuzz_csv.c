/*
 * fuzz_csv.c: CSV text (csv_parse): every row it gives back is within
 * bounds, and a failure leaves nothing allocated.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi-app/core/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_row	 rows[16];
	const char	*why;
	int		 n, i, k, line;

	memset(rows, 0, sizeof(rows));
	n = csv_parse((const char *)data, size, rows, 16, &line, &why);
	if (n == -1) {
		if (why == NULL)
			abort();
		for (i = 0; i < 16; i++)
			for (k = 0; k < CSV_FIELDS; k++)
				if (rows[i].fields[k] != NULL)
					abort();
		return 0;
	}
	if (n > 16)
		abort();
	for (i = 0; i < n; i++) {
		if (rows[i].line < 1 || rows[i].nfields == 0 ||
		    rows[i].nfields > CSV_FIELDS)
			abort();
		for (k = 0; k < rows[i].nfields; k++)
			if (rows[i].fields[k] == NULL ||
			    strlen(rows[i].fields[k]) > CSV_FIELD_MAX)
				abort();
	}
	csv_rows_free(rows, n);
	return 0;
}
