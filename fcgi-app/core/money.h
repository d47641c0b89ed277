/* money.h: fen as people read and type it, exactly, no floating point */
#ifndef CORE_MONEY_H
#define CORE_MONEY_H

#include <stddef.h>
#include <stdint.h>

void	money_format(int64_t, char *, size_t);
void	money_format_delta(int64_t, char *, size_t);
void	money_plain(int64_t, char *, size_t);
int	money_parse(const char *, int64_t, int64_t *);

#endif
