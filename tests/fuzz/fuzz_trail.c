/*
 * fuzz_trail.c: the audit trail's query (trail_filter_check) and a row's
 * details (trail_changes).  The input is the query's seven values, each
 * ended by a newline; what is left is the details' JSON.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../../fcgi-app/core/fault.h"
#include "../../fcgi-app/core/util.h"
#include "../../fcgi-app/trail/trail.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What a filter that passed holds: only the shapes SQL and links take. */
static void
check(const struct trail_filter *t)
{
	size_t	 n = strlen(t->actor);

	if (*t->type != '\0' && !trail_type_ok(t->type))
		abort();
	if ((*t->type != '\0') != (t->object > 0))
		abort();
	if (strspn(t->actor, "abcdefghijklmnopqrstuvwxyz0123456789._-") != n)
		abort();
	if ((*t->from != '\0' && !util_date_ok(t->from)) ||
	    (*t->to != '\0' && !util_date_ok(t->to)))
		abort();
	if (strlen(t->from_utc) != 26 || strlen(t->to_utc) != 26 ||
	    strcmp(t->from_utc, t->to_utc) >= 0)
		abort();
	if (t->limit < 1 || t->limit > 100 || t->after_us < 0 ||
	    t->after_id < 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trail_query	 q;
	struct trail_filter	 t;
	struct fault		 f;
	const char		*v[7] = { NULL };
	char			*s, *p, *nl;
	cJSON			*d, *c;
	int			 i;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (i = 0, p = s; i < 7 && (nl = strchr(p, '\n')) != NULL; i++) {
		*nl = '\0';
		v[i] = p;
		p = nl + 1;
	}
	q.type = v[0];
	q.object = v[1];
	q.actor = v[2];
	q.from = v[3];
	q.to = v[4];
	q.after = v[5];
	q.limit = v[6];
	memset(&f, 0, sizeof(f));
	trail_filter_check(&q, 1, &t, &f);
	if (!fault_fields(&f))
		check(&t);
	fault_clear(&f);
	d = cJSON_Parse(p);
	c = trail_changes(d);
	if (c == NULL || !cJSON_IsArray(c))
		abort();
	cJSON_Delete(c);
	cJSON_Delete(d);
	free(s);
	return 0;
}
