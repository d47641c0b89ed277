/*
 * fault.h: why a domain operation refused, independent of how the refusal
 * is shown.  An operation (orders_cancel(), ledger_post(), ...) fills one
 * and returns the status it stands for; the JSON handler answers it as
 * the error shape, the form handler shows its field messages beside the
 * form.  The request carries one (r->err), so a handler passes &r->err.
 */
#ifndef CORE_FAULT_H
#define CORE_FAULT_H

#include <cjson/cJSON.h>

struct fault {
	const char	*code;		/* "invalid", "conflict", ...; NULL: none */
	char		 msg[256];
	cJSON		*fields;	/* field -> message; NULL: none */
};

int	fault_set(struct fault *, int, const char *, const char *, ...)
	    __attribute__((format(printf, 4, 5)));
void	fault_field(struct fault *, const char *, const char *);
int	fault_fields(const struct fault *);
void	fault_clear(struct fault *);

#endif
