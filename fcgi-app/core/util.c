/* util.c: randomness, clocks, UTF-8 and file helpers */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "util.h"

int
util_random(void *p, size_t n)
{
	unsigned char	*u = p;
	ssize_t		 r;

	while (n > 0) {
		if ((r = getrandom(u, n, 0)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		u += r;
		n -= (size_t)r;
	}
	return 0;
}

/* out must hold 2 * n + 1 bytes. */
void
util_hex(char *out, const unsigned char *p, size_t n)
{
	static const char	 digits[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xf];
	}
	out[2 * n] = '\0';
}

/* SHA-256 of len bytes at data, as 64 lower-case hex digits into out
 * (UTIL_SHA256_HEX bytes): a request's hash, a token's stored form. */
void
util_sha256_hex(char *out, const void *data, size_t len)
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data != NULL ? data : (const void *)"",
	    data != NULL ? len : 0);
	util_hex(out, h, sizeof(h));
}

/* Fill out (size bytes, odd: 2k + 1) with 2k random hex digits. */
int
util_random_hex(char *out, size_t size)
{
	unsigned char	 raw[64];
	size_t		 n = (size - 1) / 2;

	if (n > sizeof(raw) || util_random(raw, n) == -1)
		return -1;
	util_hex(out, raw, n);
	return 0;
}

double
util_now_mono(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int64_t
util_now_mono_ms(void)
{
	return (int64_t)(util_now_mono() * 1000.0);
}

/*
 * Two ids mixed into a slot number for the caches' direct-mapped tables
 * (mask it with a power of two less one): Fibonacci hashing of each,
 * their high halves.
 */
size_t
util_mix(int64_t a, int64_t b)
{
	return (size_t)(((uint64_t)a * 0x9E3779B97F4A7C15ULL ^
	    (uint64_t)b * 0xC2B2AE3D27D4EB4FULL) >> 32);
}

int64_t
util_now_unix(void)
{
	return (int64_t)time(NULL);
}

/* Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF. */
int
util_utf8_valid(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*e = p + n;
	unsigned		 c, need, min;

	while (p < e) {
		c = *p++;
		if (c < 0x80)
			continue;
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			min = 0x80;
			c &= 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			min = 0x800;
			c &= 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			min = 0x10000;
			c &= 0x07;
		} else
			return 0;
		if ((size_t)(e - p) < need)
			return 0;
		while (need-- > 0) {
			if ((*p & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (*p++ & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
	}
	return 1;
}

/* Read a whole file of at most max bytes; *out is NUL-terminated. */
int
util_read_file(const char *path, char **out, size_t *len, size_t max)
{
	struct stat	 st;
	char		*p = NULL;
	size_t		 got = 0;
	ssize_t		 r;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size > max)
		goto out;
	if ((p = malloc((size_t)st.st_size + 1)) == NULL)
		goto out;
	while (got < (size_t)st.st_size) {
		r = read(fd, p + got, (size_t)st.st_size - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			goto out;
		got += (size_t)r;
	}
	p[got] = '\0';
	*out = p;
	p = NULL;
	if (len != NULL)
		*len = got;
	rc = 0;
out:
	free(p);
	close(fd);
	return rc;
}

char *
util_strndup(const char *s, size_t n)
{
	char	*p;

	if ((p = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* "YYYY-MM-DD", a real day of the calendar between 2000 and 2100. */
int
util_date_ok(const char *s)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	 y, m, d, leap;
	char	 end;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    strspn(s, "0123456789-") != 10 ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 ||
	    y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

/*
 * A date "YYYY-MM-DD" (util_date_ok) as days since 1970-01-01, or -1;
 * util_days_date the other way.  Proleptic Gregorian (H. Hinnant's
 * days_from_civil).
 */
int64_t
util_date_days(const char *s)
{
	int64_t	 y, m, d, era, yoe, doy, doe;

	if (!util_date_ok(s))
		return -1;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
util_days_date(int64_t z, char *out, size_t size)
{
	int64_t	 era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	snprintf(out, size, "%04d-%02d-%02d", (int)(y + (m <= 2)), (int)m,
	    (int)d);
}

/* The characters (code points) of UTF-8 text s. */
size_t
util_utf8_chars(const char *s)
{
	size_t	 n = 0;

	for (; s != NULL && *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Is p a month, "YYYY-MM"?  1 yes, 0 no. */
int
util_month_ok(const char *p)
{
	return p != NULL && strlen(p) == 7 && p[4] == '-' &&
	    strspn(p, "0123456789") == 4 && strspn(p + 5, "0123456789") == 2 &&
	    strcmp(p + 5, "01") >= 0 && strcmp(p + 5, "12") <= 0;
}

/* Only spaces (ASCII or the full-width one), tabs and newlines? */
int
util_blank(const char *s)
{
	while (s != NULL && *s != '\0') {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)	/* U+3000 */
			s += 3;
		else
			return 0;
	}
	return 1;
}

/* China's date days from today, "YYYY-MM-DD" (out holds 11). */
void
util_china_date(char *out, size_t size, int days)
{
	time_t		 t = time(NULL) + 8 * 3600 + (time_t)days * 86400;
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%d", &tm);
}

/*
 * A whole decimal number in [min, max], digits only after an optional
 * minus (no spaces, no sign +, no trailing text): 0, or -1 (NULL too).
 */
int
util_parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char		*end;
	long long	 v;

	if (s == NULL || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/*
 * A command's arguments: none, or "--now=YYYY-MM-DDTHH:MM:SSZ" (UTC; tests
 * set the clock instead of waiting), into *now as seconds since the
 * epoch (0 without one: the database's clock).  0, or -1 with the usage
 * printed (argv[0] is the command's name; it answers 2).
 */
int
util_cli_now(int argc, char **argv, int64_t *now)
{
	struct tm	 tm;
	char		*end;

	*now = 0;
	if (argc == 2 && strncmp(argv[1], "--now=", 6) == 0) {
		memset(&tm, 0, sizeof(tm));
		if ((end = strptime(argv[1] + 6, "%Y-%m-%dT%H:%M:%SZ", &tm)) ==
		    NULL || *end != '\0') {
			fprintf(stderr, "--now=YYYY-MM-DDTHH:MM:SSZ (UTC)\n");
			return -1;
		}
		*now = (int64_t)timegm(&tm);
		return 0;
	}
	if (argc == 1)
		return 0;
	fprintf(stderr, "usage: dealernetd %s [--now=YYYY-MM-DDTHH:MM:SSZ]\n",
	    argv[0]);
	return -1;
}
