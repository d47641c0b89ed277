/*
 * trail_rules.c: the audit trail's filter, cursor and changes, no I/O
 *
 * Every value of the query is bounded and checked here, and a wrong one
 * is named as a field error: so what reaches SQL (bound, never spliced)
 * and the page's links (escaped) is known to be one of a few shapes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fault.h"
#include "../core/util.h"
#include "trail.h"

#define US_DAY		(INT64_C(86400) * 1000000)
#define CHINA_US	(INT64_C(8) * 3600 * 1000000)	/* UTC+8 */
#define OBJECT_ID_MAX	(INT64_C(1) << 62)

/* The kinds of object the trail holds, as audit rows name them. */
const char *const trail_types[] = { "user", "org", "order", "ledger_entry",
	"contract_price", "promotion", "product", "news", "api_key",
	"ship_to_address", NULL };

int
trail_type_ok(const char *s)
{
	int	 i;

	for (i = 0; s != NULL && trail_types[i] != NULL; i++)
		if (strcmp(s, trail_types[i]) == 0)
			return 1;
	return 0;
}

/* A count of microseconds since 1970 as "YYYY-MM-DD HH:MM:SS.ffffff". */
void
trail_us_text(int64_t us, char *out, size_t size)
{
	char	 day[16];
	int64_t	 t;

	if (us < 0)
		us = 0;
	util_days_date(us / US_DAY, day, sizeof(day));
	t = us % US_DAY;
	snprintf(out, size, "%s %02d:%02d:%02d.%06d", day,
	    (int)(t / 3600000000), (int)(t / 60000000 % 60),
	    (int)(t / 1000000 % 60), (int)(t % 1000000));
}

/* A page's cursor: the last row's time (microseconds) and id. */
void
trail_cursor(int64_t us, int64_t id, char *out, size_t size)
{
	snprintf(out, size, "%lld.%lld", (long long)us, (long long)id);
}

/* A non-negative decimal below max, all digits: 0 and *v, or -1. */
static int
number(const char *s, int64_t max, int64_t *v)
{
	if (s == NULL || *s == '\0' || strlen(s) > 19 ||
	    strspn(s, "0123456789") != strlen(s))
		return -1;
	*v = strtoll(s, NULL, 10);
	return *v >= 0 && *v <= max ? 0 : -1;
}

/* Start of China's day s as UTC microseconds; -1 if s is no date. */
static int64_t
china_day_us(const char *s)
{
	int64_t	 d = util_date_days(s);

	return d < 0 ? -1 : d * US_DAY - CHINA_US;
}

static void
check_object(const struct trail_query *q, struct trail_filter *t,
    struct fault *f)
{
	int	 has_type = q->type != NULL && *q->type != '\0',
		 has_id = q->object != NULL && *q->object != '\0';

	if (has_type && (strlen(q->type) > TRAIL_TYPE_MAX ||
	    !trail_type_ok(q->type)))
		fault_field(f, "object_type", "user, org, order, ledger_entry, "
		    "contract_price, promotion, product, news, api_key or "
		    "ship_to_address");
	else if (has_type)
		snprintf(t->type, sizeof(t->type), "%s", q->type);
	if (has_id && (number(q->object, OBJECT_ID_MAX, &t->object) == -1 ||
	    t->object == 0))
		fault_field(f, "object_id", "an object's id, 1 or more");
	if (has_type != has_id)
		fault_field(f, has_type ? "object_id" : "object_type",
		    "object_type and object_id go together");
}

static void
check_period(const struct trail_query *q, struct trail_filter *t,
    struct fault *f)
{
	int64_t	 from = china_day_us("2000-01-01"),
		 to = china_day_us("2100-12-31") + US_DAY;

	if (q->from != NULL && *q->from != '\0') {
		if (strlen(q->from) != 10 || (from = china_day_us(q->from)) < 0)
			fault_field(f, "from", "a day, YYYY-MM-DD");
		else
			snprintf(t->from, sizeof(t->from), "%s", q->from);
	}
	if (q->to != NULL && *q->to != '\0') {
		if (strlen(q->to) != 10 || (to = china_day_us(q->to)) < 0)
			fault_field(f, "to", "a day, YYYY-MM-DD");
		else {
			snprintf(t->to, sizeof(t->to), "%s", q->to);
			to += US_DAY;		/* the day included */
		}
	}
	if (*t->from != '\0' && *t->to != '\0' && strcmp(t->from, t->to) > 0)
		fault_field(f, "to", "not before from");
	trail_us_text(from, t->from_utc, sizeof(t->from_utc));
	trail_us_text(to, t->to_utc, sizeof(t->to_utc));
}

/*
 * The query q as a filter into t (limit the page size when limited, else
 * the caller's), each wrong value a field error in f.
 */
void
trail_filter_check(const struct trail_query *q, int limited,
    struct trail_filter *t, struct fault *f)
{
	char		 part[TRAIL_CURSOR_MAX + 1], *dot;
	int64_t		 us, id, n;

	memset(t, 0, sizeof(*t));
	t->limit = 50;
	check_object(q, t, f);
	if (q->actor != NULL && *q->actor != '\0') {
		if (strlen(q->actor) > TRAIL_LOGIN_MAX || strspn(q->actor,
		    "abcdefghijklmnopqrstuvwxyz0123456789._-") !=
		    strlen(q->actor))
			fault_field(f, "actor", "a login: up to 64 of a-z, "
			    "0-9, dot, dash, underscore");
		else
			snprintf(t->actor, sizeof(t->actor), "%s", q->actor);
	}
	check_period(q, t, f);
	if (q->after != NULL && *q->after != '\0') {
		/* digits, one dot, digits: the last row's time and id */
		snprintf(part, sizeof(part), "%s", q->after);
		if ((dot = strchr(part, '.')) != NULL)
			*dot++ = '\0';
		if (strlen(q->after) > TRAIL_CURSOR_MAX || dot == NULL ||
		    number(part, china_day_us("2100-12-31") + US_DAY,
		    &us) == -1 || number(dot, OBJECT_ID_MAX, &id) == -1 ||
		    id < 1)
			fault_field(f, "after", "a cursor from next_cursor");
		else {
			t->after_us = us;
			t->after_id = id;
		}
	}
	if (limited && q->limit != NULL) {
		if (number(q->limit, 100, &n) == -1 || n < 1)
			fault_field(f, "limit", "1 to 100");
		else
			t->limit = (int)n;
	}
}

/*
 * The changes of a row's details as [{field, before, after}]: each name
 * with its value after, and before when the row kept one (under name
 * "_before", audit.h).  A field kept only as it was has no "after".
 */
cJSON *
trail_changes(const cJSON *d)
{
	const cJSON	*v, *b;
	cJSON		*list = cJSON_CreateArray(), *c;
	char		 key[128];
	size_t		 n, k = strlen("_before");

	cJSON_ArrayForEach(v, d) {
		if (v->string == NULL || (n = strlen(v->string)) >= sizeof(key))
			continue;
		if (n > k && strcmp(v->string + n - k, "_before") == 0) {
			/* only where there is no value after */
			snprintf(key, sizeof(key), "%.*s", (int)(n - k),
			    v->string);
			if (cJSON_HasObjectItem(d, key))
				continue;
			c = cJSON_CreateObject();
			cJSON_AddStringToObject(c, "field", key);
			cJSON_AddItemToObject(c, "before", cJSON_Duplicate(v,
			    1));
			cJSON_AddItemToArray(list, c);
			continue;
		}
		c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "field", v->string);
		snprintf(key, sizeof(key), "%s_before", v->string);
		if ((b = cJSON_GetObjectItemCaseSensitive(d, key)) != NULL)
			cJSON_AddItemToObject(c, "before", cJSON_Duplicate(b,
			    1));
		cJSON_AddItemToObject(c, "after", cJSON_Duplicate(v, 1));
		cJSON_AddItemToArray(list, c);
	}
	return list;
}

/* A field of details that holds fen (the page shows it in yuan). */
int
trail_money_field(const char *name)
{
	static const char *const money[] = { "credit_limit",
	    "approval_limit", "release_limit", "amount", "price",
	    "base_price", "order_value", "exposure", "fixed", NULL };
	int	 i;

	for (i = 0; name != NULL && money[i] != NULL; i++)
		if (strcmp(name, money[i]) == 0)
			return 1;
	return 0;
}
