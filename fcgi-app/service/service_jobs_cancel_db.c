/*
 * service_jobs_cancel_db.c: the dealer (its own) or staff (in reach)
 * cancel a job before it is finished.  A pending offer is withdrawn and
 * the provider's slot, if the job took one, goes back, in the same
 * transaction as the job's move (conditional on its version and state).
 * The caller says which version it read: a job changed since is not
 * cancelled on an older view of it (409).
 */
#include <stdint.h>
#include <string.h>

#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "service.h"
#include "service_jobs.h"

static const char sql_withdraw[] =
	"UPDATE service_offers SET outcome = 'withdrawn', answered_at = "
	"UTC_TIMESTAMP(6) WHERE job_id = ? AND round = ? AND provider_id = ? "
	"AND outcome = 'pending'";
static const char sql_cancel[] =
	"UPDATE service_jobs SET status = 'cancelled', dispatch_at = NULL, "
	"offer_due = NULL, version = version + 1 WHERE id = ? AND version = ? "
	"AND status = ?";

int
service_jobs_cancel(struct db *db, const struct principal *who,
    const char *number, int64_t version, const char *reason,
    struct fault *f)
{
	struct service_job_ref	 j;
	int			 rc, withdrawn = 0;

	if (who->kind == ORG_PROVIDER)
		return fault_set(f, 404, "not_found", "no such service job");
	if (version < 1 || version > INT32_MAX)
		fault_field(f, "version", "required: the version you read");
	if (reason != NULL && util_utf8_chars(reason) > 500)
		fault_field(f, "reason", "at most 500 characters");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db_begin(db) == -1)
		return 503;
	if ((rc = service_job_find(db, who, number, 1, &j)) != 1) {
		db_rollback(db);
		return rc == 0 ? fault_set(f, 404, "not_found",
		    "no such service job") : 500;
	}
	if (j.version != version) {
		db_rollback(db);
		return fault_set(f, 409, "conflict", "the job changed "
		    "meanwhile: reload it");
	}
	if (j.status >= SERVICE_FINISHED) {
		db_rollback(db);
		return fault_set(f, 409, "conflict", "the job is %s",
		    service_status_name(j.status));
	}
	if (j.status == SERVICE_OFFERED && (withdrawn = db_execv(db,
	    sql_withdraw, NULL, "iii", j.id, (int64_t)j.round,
	    j.provider_id)) == -1)
		goto fail;
	if ((rc = db_execv(db, sql_cancel, NULL, "iis", j.id, j.version,
	    service_status_name(j.status))) != 1)
		goto fail;
	if (service_status_holds(j.status) && j.provider_id != 0 &&
	    service_release(db, j.provider_id) == -1)
		goto fail;
	if (service_event(db, &j, "service.cancelled", j.provider_id,
	    who->user_id, reason) == -1 || db_commit(db) == -1)
		goto fail;
	if (withdrawn > 0)
		service_dispatch_count(SERVICE_OFFER_WITHDRAWN, 1);
	return 200;
fail:
	db_rollback(db);
	return rc == 0 ? fault_set(f, 409, "conflict", "the job changed "
	    "meanwhile: reload it") : 500;
}
