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

/* s after the n bytes of out (size bytes): the new length, or size. */
static size_t
words_add(char *out, size_t size, size_t n, const char *s)
{
	size_t	 l = strlen(s);

	if (n >= size || l >= size - n)
		return size;
	memcpy(out + n, s, l + 1);
	return n + l;
}

/*
 * Fen in the uppercase words a Chinese cheque or VAT invoice writes
 * (大写金额), as the People's Bank's rules for filling in bills have it:
 *
 *   - every digit says its place, 壹拾 included (10.00: 壹拾元整);
 *   - zeros between digits are one 零 (1,001.00: 壹仟零壹元整), and a
 *     group of four that begins with a zero, or follows an empty group,
 *     begins with one (100,010.50: 壹拾万零壹拾元伍角; 100,001,000:
 *     壹亿零壹仟元整); the places above 亿 count again in 万 (10^12 yuan:
 *     壹万亿);
 *   - where the rules allow a 零 or none (a zero in the 万 place before a
 *     thousand, the 元 place before 角), none: 107,000.53 is
 *     壹拾万柒仟元伍角叁分, 1,680.32 壹仟陆佰捌拾元叁角贰分;
 *   - 元 and no 角 or 分: 整; 角 and no 分: nothing more; 分 without 角:
 *     元零X分 (100,000.01: 壹拾万元零壹分); below a yuan, no 元 (伍角,
 *     壹分); nothing at all: 零元整; less than nothing: 负 first.
 *
 * 0, or -1 when |fen| is not below MONEY_WORDS_LIMIT (10^16 yuan) or out
 * (size bytes; MONEY_WORDS_MAX hold any) is too small.
 */
int
money_words(int64_t fen, char *out, size_t size)
{
	static const char *const digit[] = { "零", "壹", "贰", "叁", "肆",
	    "伍", "陆", "柒", "捌", "玖" };
	static const char *const place[] = { "", "拾", "佰", "仟" };
	static const unsigned ten[] = { 1, 10, 100, 1000 };
	/* each group's word: 万 again above 亿, so 10^12 yuan is 壹万亿 */
	static const char *const group[] = { "", "万", "亿", "万" };
	uint64_t	 v, yuan;
	unsigned	 g[4], jiao, f, d;
	size_t		 n = 0;
	int		 i, k, any = 0, gap = 0, seen, zero;

	if (fen <= -MONEY_WORDS_LIMIT || fen >= MONEY_WORDS_LIMIT || size == 0)
		return -1;
	*out = '\0';
	v = fen < 0 ? (uint64_t)-fen : (uint64_t)fen;
	yuan = v / 100;
	jiao = (unsigned)(v / 10 % 10);
	f = (unsigned)(v % 10);
	for (i = 0; i < 4; i++, yuan /= 10000)
		g[i] = (unsigned)(yuan % 10000);
	if (fen < 0)
		n = words_add(out, size, n, "负");
	for (i = 3; i >= 0; i--) {
		if (g[i] == 0) {
			/* 壹万亿: the groups above 亿 still end in 亿 */
			if (i == 2 && g[3] != 0)
				n = words_add(out, size, n, "亿");
			gap = any;
			continue;
		}
		/* the part above stops short of this group: one 零 */
		if (any && (gap || g[i] < 1000))
			n = words_add(out, size, n, "零");
		for (k = 3, seen = zero = 0; k >= 0; k--) {
			if ((d = g[i] / ten[k] % 10) == 0) {
				zero = seen;
				continue;
			}
			if (zero)
				n = words_add(out, size, n, "零");
			n = words_add(out, size, n, digit[d]);
			n = words_add(out, size, n, place[k]);
			seen = 1;
			zero = 0;
		}
		n = words_add(out, size, n, group[i]);
		any = 1;
		gap = 0;
	}
	if (any)
		n = words_add(out, size, n, "元");
	else if (jiao == 0 && f == 0)
		n = words_add(out, size, n, "零元");
	if (jiao != 0) {
		n = words_add(out, size, n, digit[jiao]);
		n = words_add(out, size, n, "角");
	} else if (f != 0 && any)
		n = words_add(out, size, n, "零");
	if (f != 0) {
		n = words_add(out, size, n, digit[f]);
		n = words_add(out, size, n, "分");
	}
	if (jiao == 0 && f == 0)
		n = words_add(out, size, n, "整");
	if (n >= size) {
		*out = '\0';
		return -1;
	}
	return 0;
}
