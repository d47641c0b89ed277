/*
 * money.c: fen as people read and type it, exactly, no floating point
 *
 * Every feature shows and reads amounts the same way, so the format and
 * the parser live here below them rather than in one feature.
 */
#include <stdio.h>
#include <string.h>

#include "money.h"

/* 169900 fen -> "1,699.00" (yuan, two decimals, thousands grouped). */
void
money_format(int64_t fen, char *out, size_t size)
{
	char		 digits[32], grouped[48];
	uint64_t	 v = fen < 0 ? (uint64_t)(-(fen + 1)) + 1 : (uint64_t)fen;
	size_t		 n, i, j = 0;

	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)(v / 100));
	n = strlen(digits);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	snprintf(out, size, "%s%s.%02u", fen < 0 ? "-" : "", grouped,
	    (unsigned)(v % 100));
}

/*
 * Fen as the plain number a spreadsheet reads, "-1234.50": no grouping,
 * no sign for the currency (CSV exports).
 */
void
money_plain(int64_t fen, char *out, size_t size)
{
	uint64_t	 v = fen < 0 ? (uint64_t)(-(fen + 1)) + 1 : (uint64_t)fen;

	snprintf(out, size, "%s%llu.%02u", fen < 0 ? "-" : "",
	    (unsigned long long)(v / 100), (unsigned)(v % 100));
}

/* A price change: "+¥150.00", "-¥100.00", "+¥0.00". */
void
money_format_delta(int64_t fen, char *out, size_t size)
{
	char	 m[48];

	money_format(fen < 0 ? -fen : fen, m, sizeof(m));
	snprintf(out, size, "%s¥%s", fen < 0 ? "-" : "+", m);
}

/*
 * Yuan as typed into a form ("2099", "2,099.5", "2099.00", "¥2,099") to
 * fen, exactly: no floating point.  0, or -1 if it is not an amount of
 * 0 to max fen (at most 10^15) with at most two decimals.
 */
int
money_parse(const char *s, int64_t max, int64_t *fen)
{
	int64_t	 v = 0;
	int	 digits = 0, dec = -1;

	if (s == NULL)
		return -1;
	while (*s == ' ')
		s++;
	if (strncmp(s, "¥", strlen("¥")) == 0)
		s += strlen("¥");
	for (; *s != '\0' && *s != ' '; s++) {
		if (*s == ',' && dec < 0 && digits > 0)
			continue;
		if (*s == '.' && dec < 0) {
			dec = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || dec == 2)
			return -1;
		v = v * 10 + (*s - '0');
		digits++;
		if (dec >= 0)
			dec++;
		if (v > max)
			return -1;
	}
	while (*s == ' ')
		s++;
	if (*s != '\0' || digits == 0)
		return -1;
	for (; dec < 2; dec = dec < 0 ? 1 : dec + 1)
		v *= 10;
	if (v > max)
		return -1;
	*fen = v;
	return 0;
}
