/* money.h: fen as people read and type it, exactly, no floating point */
#ifndef CORE_MONEY_H
#define CORE_MONEY_H

#include <stddef.h>
#include <stdint.h>

void	money_format(int64_t, char *, size_t);
void	money_format_delta(int64_t, char *, size_t);
void	money_plain(int64_t, char *, size_t);
int	money_parse(const char *, int64_t, int64_t *);

/* Chinese uppercase words of fen, as on a cheque or a VAT invoice. */
#define MONEY_WORDS_MAX	256	/* bytes, with the NUL, for any amount */
#define MONEY_WORDS_LIMIT INT64_C(1000000000000000000)	/* |fen| below */
int	money_words(int64_t, char *, size_t);

#endif
