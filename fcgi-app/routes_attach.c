/*
 * routes_attach.c: the objects attachments hang on, each asked of its
 * own feature: whoever reads the complaint, the service job or the
 * return (its feature's scope: the dealer, its chain, the region, HQ, a
 * provider its jobs) reaches its attachments; anyone else gets 404.
 * Like routes.c, the one place that knows the features it wires.
 */
#include <stdio.h>

#include "attachments/attachments.h"
#include "complaints/complaints.h"
#include "core/fault.h"
#include "orders/orders.h"
#include "service/service_jobs.h"

static int
loaded(cJSON *j, int found, struct fault *f, const char *what)
{
	if (j != NULL) {
		cJSON_Delete(j);
		return 200;
	}
	return found ? 500 : fault_set(f, 404, "not_found", "no such %s",
	    what);
}

static int
complaint_reach(struct db *db, const struct principal *who,
    const char *number, struct fault *f)
{
	cJSON	*j;
	int	 found = 0;

	if (number == NULL)
		return fault_set(f, 404, "not_found", "no such complaint");
	j = complaints_load(db, number, who, "en", &found);
	return loaded(j, found, f, "complaint");
}

static int
job_reach(struct db *db, const struct principal *who, const char *number,
    struct fault *f)
{
	cJSON	*j;
	int	 found = 0;

	if (number == NULL)
		return fault_set(f, 404, "not_found", "no such service job");
	j = service_jobs_load(db, number, who, "en", &found);
	/*
	 * A provider only offered the job sees no customer's details, and
	 * the photos are the customer's (a room, a label with the address):
	 * they come with the job once it is held.
	 */
	if (j != NULL && who->kind == ORG_PROVIDER &&
	    cJSON_GetObjectItemCaseSensitive(j, "customer") == NULL) {
		cJSON_Delete(j);
		return fault_set(f, 404, "not_found", "no such service job");
	}
	return loaded(j, found, f, "service job");
}

static int
return_reach(struct db *db, const struct principal *who, const char *number,
    struct fault *f)
{
	cJSON	*j = NULL;
	int	 st;

	st = orders_return_read(db, who, number, "en", f, &j);
	cJSON_Delete(j);
	return st;
}

/*
 * Who attaches: whoever writes to the object's thread.  A complaint's
 * dealer (buyer, finance: a dispute's complaint too) and the staff that
 * handle it; a job's dealer, the region's dispatchers and the provider's
 * agents on its jobs; a return's dealer or chain buyer and the region
 * that decides and receives it.
 */
const struct attachments_object attachments_objects[ATTACH__MAX] = {
	[ATTACH_COMPLAINT] = { "complaint", "/complaints/", complaint_reach,
	    COMPLAINT_FILERS | COMPLAINT_HANDLERS },
	[ATTACH_JOB] = { "service_job", "/service/", job_reach,
	    SERVICE_FILERS | SERVICE_DISPATCHERS | ROLE_PROVIDER_AGENT },
	[ATTACH_RETURN] = { "return", "/returns/", return_reach,
	    RETURN_TAKERS | RETURN_DECIDERS | RETURN_RECEIVERS },
};
