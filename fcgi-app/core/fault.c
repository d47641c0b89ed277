/* fault.c: a refusal's code, message and field messages */
#include <stdarg.h>
#include <stdio.h>

#include "fault.h"

/* Record the refusal; returns status, so "return fault_set(...)". */
int
fault_set(struct fault *f, int status, const char *code, const char *fmt, ...)
{
	va_list	 ap;

	f->code = code;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
	return status;
}

/* A message for one input field, e.g. "lines[0].quantity"; the first wins. */
void
fault_field(struct fault *f, const char *field, const char *msg)
{
	if (f->fields == NULL && (f->fields = cJSON_CreateObject()) == NULL)
		return;
	if (cJSON_GetObjectItemCaseSensitive(f->fields, field) == NULL)
		cJSON_AddStringToObject(f->fields, field, msg);
}

/* Has any field been refused? */
int
fault_fields(const struct fault *f)
{
	return f->fields != NULL;
}

void
fault_clear(struct fault *f)
{
	cJSON_Delete(f->fields);
	f->fields = NULL;
	f->code = NULL;
	f->msg[0] = '\0';
}
