/*
 * when.c: times with their zone and dates in the reader's format
 *
 * Every time a page shows is China time and says so; every date is in the
 * reader's locale (issue #25).  Templates use them as filters (tpl.c):
 *   {{at|when}}   zh-CN "2026年12月6日 08:30（北京时间）"
 *                 en    "6 Dec 2026, 08:30 China time (UTC+8)"
 *   {{day|date}}  zh-CN "2026年12月6日", en "6 Dec 2026"
 * The input is what the database gives: "YYYY-MM-DDTHH:MM:SSZ" (UTC, the
 * API's form; moved to China time, UTC+8, which keeps no summer time),
 * "YYYY-MM-DD HH:MM[:SS]" (already China wall time: the *_china columns)
 * or, for a date, "YYYY-MM-DD" (a China date).  Anything else is shown
 * as given: a page never loses a value to a format it did not expect.
 */
#include <stdio.h>
#include <string.h>

#include "when.h"

static const char *const months_en[] = { "Jan", "Feb", "Mar", "Apr", "May",
	"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

struct stamp {
	int	 y, mo, d, h, mi;
};

static int
digits(const char *s, size_t n, int *out)
{
	size_t	 i;
	int	 v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int
days_in(int y, int mo)
{
	static const int	 n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };

	return mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ?
	    29 : n[mo - 1];
}

/* "YYYY-MM-DD" at s; -1 if not a real day. */
static int
parse_day(const char *s, struct stamp *t)
{
	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &t->y) == -1 || digits(s + 5, 2, &t->mo) == -1 ||
	    digits(s + 8, 2, &t->d) == -1 || t->y < 1000 || t->mo < 1 ||
	    t->mo > 12 || t->d < 1 || t->d > days_in(t->y, t->mo))
		return -1;
	return 0;
}

/*
 * A time: China wall time in t, its hours moved by 8 from UTC when s
 * ends in Z.  1: a time; 0: a bare date; -1: neither.
 */
static int
parse(const char *s, struct stamp *t)
{
	size_t	 n = strlen(s);
	int	 sec;

	memset(t, 0, sizeof(*t));
	if (parse_day(s, t) == -1)
		return -1;
	if (n == 10)
		return 0;
	if ((s[10] != 'T' && s[10] != ' ') || n < 16 || s[13] != ':' ||
	    digits(s + 11, 2, &t->h) == -1 || digits(s + 14, 2, &t->mi) ==
	    -1 || t->h > 23 || t->mi > 59)
		return -1;
	s += 16;
	if (*s == ':') {
		if (digits(s + 1, 2, &sec) == -1 || sec > 60)
			return -1;
		s += 3;
	}
	if (*s == '\0')
		return 1;
	if (strcmp(s, "Z") != 0)
		return -1;
	/* UTC to China time: 8 hours on, into the next day at most */
	if ((t->h += 8) >= 24) {
		t->h -= 24;
		if (++t->d > days_in(t->y, t->mo)) {
			t->d = 1;
			if (++t->mo > 12) {
				t->mo = 1;
				t->y++;
			}
		}
	}
	return 1;
}

static int
zh(const char *lang)
{
	return lang == NULL || strcmp(lang, "en") != 0;
}

static void
put_date(const struct stamp *t, const char *lang, char *out, size_t n)
{
	if (zh(lang))
		snprintf(out, n, "%d年%d月%d日", t->y, t->mo, t->d);
	else
		snprintf(out, n, "%d %s %d", t->d, months_en[t->mo - 1], t->y);
}

/*
 * The time s as the reader of lang reads it, with its zone, into out (at
 * least WHEN_MAX bytes); a bare day as views_date() shows it.  0; or -1,
 * and s copied, when s is neither.
 */
int
views_when(const char *s, const char *lang, char *out, size_t n)
{
	struct stamp	 t;
	char		 day[WHEN_MAX];

	switch (parse(s, &t)) {
	case -1:
		snprintf(out, n, "%s", s);
		return -1;
	case 0:			/* a day without a time: no zone to say */
		put_date(&t, lang, out, n);
		return 0;
	}
	put_date(&t, lang, day, sizeof(day));
	if (zh(lang))
		snprintf(out, n, "%s %02d:%02d（北京时间）", day, t.h, t.mi);
	else
		snprintf(out, n, "%s, %02d:%02d China time (UTC+8)", day, t.h,
		    t.mi);
	return 0;
}

/*
 * The date of s (a day, or a time's China day) in lang's format into out;
 * -1, and s copied, when s is neither.
 */
int
views_date(const char *s, const char *lang, char *out, size_t n)
{
	struct stamp	 t;

	if (parse(s, &t) == -1) {
		snprintf(out, n, "%s", s);
		return -1;
	}
	put_date(&t, lang, out, n);
	return 0;
}
