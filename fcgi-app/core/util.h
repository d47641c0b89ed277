/* util.h: small helpers every layer uses */
#ifndef CORE_UTIL_H
#define CORE_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

int	 util_random(void *, size_t);
void	 util_hex(char *, const unsigned char *, size_t);
#define UTIL_SHA256_HEX	65	/* 64 hex digits and the NUL */
void	 util_sha256_hex(char *, const void *, size_t);
int	 util_random_hex(char *, size_t);
double	 util_now_mono(void);
int64_t	 util_now_mono_ms(void);
size_t	 util_mix(int64_t, int64_t);
int64_t	 util_now_unix(void);
int	 util_utf8_valid(const char *, size_t);
int	 util_read_file(const char *, char **, size_t *, size_t);
char	*util_strndup(const char *, size_t);
int	 util_date_ok(const char *);
int	 util_month_ok(const char *);
int64_t	 util_date_days(const char *);
void	 util_days_date(int64_t, char *, size_t);
int	 util_blank(const char *);
int	 util_parse_int(const char *, int64_t, int64_t, int64_t *);
size_t	 util_utf8_chars(const char *);
void	 util_china_date(char *, size_t, int);
int	 util_cli_now(int, char **, int64_t *);

#endif
