/* audit.h: the audit log every change writes */
#ifndef AUDIT_AUDIT_H
#define AUDIT_AUDIT_H

#include <stdint.h>

#include <cjson/cJSON.h>

struct db;
struct principal;

int	audit_write(struct db *, const struct principal *, const char *,
	    const char *, int64_t, const cJSON *);

#endif
