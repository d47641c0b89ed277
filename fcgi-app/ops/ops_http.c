/* ops_http.c: health, metrics and the API's front door */
#include "../core/metrics.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "../notify/notify.h"
#include "ops.h"

static double	 started;

void
ops_set_started(double t)
{
	started = t;
}

/* 200 when the database answers, 503 when it does not. */
int
ops_healthz_get(struct req *r)
{
	struct db	*db = http_db(r);
	cJSON		*j;
	int		 up;

	up = db != NULL && db_ping(db) == 0;
	if ((j = cJSON_CreateObject()) == NULL)
		return 500;
	cJSON_AddStringToObject(j, "status", up ? "ok" : "unavailable");
	cJSON_AddStringToObject(j, "database", up ? "up" : "down");
	cJSON_AddStringToObject(j, "version", http_settings.version);
	cJSON_AddNumberToObject(j, "uptime_seconds",
	    (double)(int64_t)(util_now_mono() - started));
	/* a down database is this answer, not an error of the request */
	r->db_used = 0;
	return http_json(r, up ? 200 : 503, j);
}

int
ops_metrics_get(struct req *r)
{
	metrics_render(&r->out, http_settings.version,
	    util_now_mono() - started);
	notify_metrics_render(&r->out, http_db(r));
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	return r->out.oom ? 500 : 200;
}

int
ops_api_root_get(struct req *r)
{
	cJSON	*j;

	if ((j = cJSON_CreateObject()) == NULL)
		return 500;
	cJSON_AddStringToObject(j, "name", "Dealernet");
	cJSON_AddStringToObject(j, "version", http_settings.version);
	cJSON_AddStringToObject(j, "openapi", "/openapi.yaml");
	return http_json(r, 200, j);
}
