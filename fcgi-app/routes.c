/* routes.c: the route table, the only place that knows every feature */
#include "core/util.h"
#include "home/home.h"
#include "ops/ops.h"
#include "routes.h"
#include "testing/testing.h"

const struct route routes[] = {
	/* operations */
	{ HTTP_GET,  "/healthz",		ops_healthz_get,	0 },
	{ HTTP_GET,  "/metrics",		ops_metrics_get,	0 },
	{ HTTP_GET,  "/api/v1",			ops_api_root_get,	0 },

	/* pages */
	{ HTTP_GET,  "/",			home_index_get,		0 },
	{ HTTP_GET,  "/lang/{code}",		home_lang_get,		0 },

#ifdef DEALERNET_TEST_ROUTES
	{ HTTP_GET,  "/api/v1/_test/sleep",	testing_sleep_get,	0 },
	{ HTTP_POST, "/api/v1/_test/echo",	testing_echo_post,	0 },
#endif
};

const size_t nroutes = NELEM(routes);
