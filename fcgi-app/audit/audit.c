/* audit.c: the audit log every change writes (in the change's transaction) */
#include <stdio.h>

#include "../auth/auth.h"
#include "../core/log.h"
#include "../db/db.h"
#include "audit.h"

static const char sql_insert[] =
    "INSERT INTO audit_log (actor_user_id, actor_org_id, action, "
    "object_type, object_id, request_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)";

/* who may be NULL for the command line and the system itself. */
int
audit_write(struct db *db, const struct principal *who, const char *action,
    const char *object_type, int64_t object_id, const cJSON *details)
{
	struct db_stmt	*s;
	char		 id[24], *json = NULL;
	int		 rc = -1;

	snprintf(id, sizeof(id), "%lld", (long long)object_id);
	if (details != NULL && (json = cJSON_PrintUnformatted(details)) == NULL)
		return -1;
	if ((s = db_prepare(db, sql_insert)) == NULL)
		goto out;
	if ((who != NULL ? db_bind_int(s, 0, who->user_id) :
	    db_bind_null(s, 0)) == -1 ||
	    (who != NULL ? db_bind_int(s, 1, who->org_id) :
	    db_bind_null(s, 1)) == -1 ||
	    db_bind_text(s, 2, action) == -1 ||
	    db_bind_text(s, 3, object_type) == -1 ||
	    db_bind_text(s, 4, id) == -1 ||
	    db_bind_text(s, 5, log_request_id()) == -1 ||
	    db_bind_text(s, 6, json) == -1 || db_exec(s) == -1)
		goto out;
	rc = 0;
out:
	db_stmt_release(s);
	cJSON_free(json);
	return rc;
}
