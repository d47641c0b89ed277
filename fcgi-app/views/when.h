/* when.h: times with their zone and dates in the reader's format */
#ifndef VIEWS_WHEN_H
#define VIEWS_WHEN_H

#include <stddef.h>

#define WHEN_MAX	64	/* bytes of the longest text, with its NUL */

int	views_when(const char *, const char *, char *, size_t);
int	views_date(const char *, const char *, char *, size_t);

#endif
