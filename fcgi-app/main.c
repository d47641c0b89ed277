/* main.c: dealernetd, the command line: serve, migrate, version */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "accounts/accounts.h"
#include "accounts/apikeys.h"
#include "approvals/approvals.h"
#include "auth/auth.h"
#include "bench/bench.h"
#include "catalogue/catalogue.h"
#include "complaints/complaints.h"
#include "kpi/kpi.h"
#include "inventory/inventory.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/util.h"
#include "db/db.h"
#include "db/migrate.h"
#include "news/news.h"
#include "http/http.h"
#include "ops/ops.h"
#include "orders/orders.h"
#include "routes.h"
#include "sellthrough/sellthrough.h"
#include "server.h"
#include "views/views.h"

#ifndef DEALERNET_VERSION
#define DEALERNET_VERSION "dev"
#endif

#define MIN_SECRET	32
#define TOKEN_ISSUER	"dealernet"
#define TOKEN_AUDIENCE	"dealernet-api"

static void
usage(void)
{
	fprintf(stderr,
	    "usage: dealernetd [-c file] serve     run the FastCGI app\n"
	    "       dealernetd [-c file] migrate   apply migrations/\n"
	    "       dealernetd [-c file] seed demo load the demo data set\n"
	    "       dealernetd [-c file] seed bench --orders N [--sellthrough]\n"
	    "                                     add the benchmark's data set\n"
	    "       dealernetd [-c file] user add|disable|passwd ...\n"
	    "       dealernetd [-c file] apikey create LOGIN NAME CAPS | "
	    "check | revoke ID\n"
	    "       dealernetd [-c file] sweep [--now=YYYY-MM-DDTHH:MM:SSZ]\n"
	    "       dealernetd [-c file] tiers [--nightly]\n"
	    "                                     escalate overdue complaints\n"
	    "       dealernetd version\n"
	    "The configuration file defaults to $DEALERNET_CONF or "
	    "var/dealernet.conf;\nDEALERNET_<KEY> variables override it.\n");
}

static int
load_conf(struct conf *c, const char *path)
{
	enum log_level	 l;
	char		 err[512];

	conf_defaults(c);
	if (path != NULL && conf_load(c, path, err, sizeof(err)) == -1) {
		log_error("%s", err);
		return -1;
	}
	if (conf_env(c, err, sizeof(err)) == -1) {
		log_error("%s", err);
		return -1;
	}
	if (log_level_parse(c->log_level, &l) == -1) {
		log_error("log_level: want debug, info, warn or error");
		return -1;
	}
	log_set_level(l);
	return 0;
}

/* Fill p from c; *pw (to free) holds the password read from its file. */
static int
db_params_of(const struct conf *c, int migrate, struct db_params *p,
    char **pw)
{
	const char	*file;
	char		 err[512];
	size_t		 len;

	memset(p, 0, sizeof(*p));
	p->host = c->db_host;
	p->port = c->db_port;
	p->socket = c->db_socket;
	p->name = c->db_name;
	p->timeout = c->db_timeout;
	p->sync_wait = c->db_sync_wait;
	/* a lock wait must end before the read timeout takes the connection */
	p->lock_wait = c->db_lock_wait < c->db_timeout ? c->db_lock_wait :
	    (c->db_timeout > 1 ? c->db_timeout - 1 : 1);
	p->user = migrate && c->migrate_user[0] ? c->migrate_user : c->db_user;
	file = migrate && c->migrate_user[0] ? c->migrate_password_file :
	    c->db_password_file;
	if (conf_read_secret(file, pw, &len, err, sizeof(err)) == -1) {
		log_error("%s", err);
		return -1;
	}
	p->password = *pw;
	return 0;
}

/*
 * Every minute, in the worker: the complaint sweep, by the database's
 * clock; and after 02:00 China time, tonight's tier run if not done yet.
 */
static int	 nightly_tiers = 1;	/* conf: nightly_tiers */

static void
sweep_now(struct db *db)
{
	int	 raised;

	if (complaints_sweep(db, 0, &raised) == -1)
		log_error("complaint sweep failed");
	if (nightly_tiers)
		kpi_tiers_nightly(db);
}

/* dealernetd tiers [--nightly]: a tier run now (tonight's, at most once) */
static int
cmd_tiers(struct db *db, int argc, char **argv)
{
	int64_t	 run = 0;
	int	 nightly = argc == 2 && strcmp(argv[1], "--nightly") == 0, rc;

	if (argc > 2 || (argc == 2 && !nightly)) {
		usage();
		return 2;
	}
	if ((rc = kpi_tiers_run(db, nightly ? "nightly" : "demand", 0,
	    &run)) == -1)
		return 1;
	printf("{\"run\":%lld,\"done_already\":%s}\n", (long long)run,
	    rc == 1 ? "true" : "false");
	return 0;
}

static const struct server_tick sweep_tick = { sweep_now, 60 };

/* dealernetd sweep [--now=YYYY-MM-DDTHH:MM:SSZ]: one sweep, at that time */
static int
cmd_sweep(struct db *db, int argc, char **argv)
{
	struct tm	 tm;
	int64_t		 now = 0;	/* the database's clock */
	int		 raised;
	char		*end;

	if (argc == 2 && strncmp(argv[1], "--now=", 6) == 0) {
		memset(&tm, 0, sizeof(tm));
		if ((end = strptime(argv[1] + 6, "%Y-%m-%dT%H:%M:%SZ", &tm)) ==
		    NULL || *end != '\0') {
			fprintf(stderr, "--now=YYYY-MM-DDTHH:MM:SSZ (UTC)\n");
			return 2;
		}
		now = (int64_t)timegm(&tm);
	} else if (argc != 1) {
		usage();
		return 2;
	}
	if (complaints_sweep(db, now, &raised) == -1)
		return 1;
	printf("{\"escalated\":%d}\n", raised);
	return 0;
}

/* Commands that run once against the database and exit. */
static int
cmd_db(const struct conf *c, int argc, char **argv)
{
	struct db_params	 p;
	struct db		*db = NULL;
	char			*pw = NULL;
	int			 rc = 1, migrate = strcmp(argv[0], "migrate") == 0;
	/* the bench data set needs the schema owner (temporary tables) */
	int			 owner = migrate || (argc > 1 &&
	    strcmp(argv[0], "seed") == 0 && strcmp(argv[1], "bench") == 0);

	if (db_params_of(c, owner, &p, &pw) == -1)
		return 1;
	/*
	 * One-off commands are not requests: a migration of a large table,
	 * the demo's year of sell-through or a million bench orders is one
	 * statement of seconds to minutes, longer on a busy machine.
	 */
	p.timeout = 3600;
	if (!migrate && password_init(2) == -1)
		goto out;
	if ((db = db_new(&p)) == NULL || db_connect(db) == -1)
		goto out;
	if (migrate)
		rc = migrate_run(db, c->migrations_dir) == 0 ? 0 : 1;
	else if (strcmp(argv[0], "seed") == 0 && argc == 2 &&
	    strcmp(argv[1], "demo") == 0)
		rc = accounts_seed_demo(db) == 0 &&
		    catalogue_seed_demo(db) == 0 &&
		    orders_seed_demo(db) == 0 &&
		    approvals_seed_demo(db) == 0 &&
		    complaints_seed_demo(db) == 0 &&
		    news_seed_demo(db) == 0 &&
		    sellthrough_seed_demo(db) == 0 &&
		    inventory_seed_demo(db) == 0 ? 0 : 1;
	else if (strcmp(argv[0], "seed") == 0 && (argc == 4 || (argc == 5 &&
	    strcmp(argv[4], "--sellthrough") == 0)) &&
	    strcmp(argv[1], "bench") == 0 && strcmp(argv[2], "--orders") == 0)
		rc = bench_seed(db, strtoll(argv[3], NULL, 10), BENCH_PASSWORD,
		    argc == 5) == 0 ? 0 : 1;
	else if (strcmp(argv[0], "user") == 0)
		rc = accounts_cli(db, argc, argv);
	else if (strcmp(argv[0], "apikey") == 0)
		rc = apikeys_cli(db, argc, argv);
	else if (strcmp(argv[0], "sweep") == 0)
		rc = cmd_sweep(db, argc, argv);
	else if (strcmp(argv[0], "tiers") == 0)
		rc = cmd_tiers(db, argc, argv);
	else {
		usage();
		rc = 2;
	}
out:
	db_free(db);
	free(pw);
	return rc;
}

/*
 * Threads that may wait for or hold a hashing slot: half the worker
 * threads unless set, so that sign-in never takes every thread.
 */
static int
login_threads(const struct conf *c)
{
	long	 n = c->workers;

	if (c->login_threads > 0)
		return c->login_threads;
	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN) > 0 ?
		    sysconf(_SC_NPROCESSORS_ONLN) * 2 : 4;
	return n >= 2 ? (int)(n / 2) : 1;
}

static int
cmd_serve(const struct conf *c)
{
	struct db_params	 p;
	const char		*methods[256], *paths[256];
	char			 err[512] = "", *pw = NULL, *secret = NULL;
	size_t			 len, i;
	int			 rc = 1;

	if (conf_read_secret(c->secret_file, &secret, &len, err,
	    sizeof(err)) == -1 || len < MIN_SECRET) {
		log_error("%s", len < MIN_SECRET && secret != NULL ?
		    "the signing secret is shorter than 32 bytes" :
		    secret == NULL && err[0] == '\0' ? "no secret_file set" :
		    err);
		goto out;
	}
	if (token_init(secret, len, TOKEN_ISSUER, TOKEN_AUDIENCE) == -1 ||
	    password_init(c->hash_slots) == -1) {
		log_error("cannot set up tokens or password hashing");
		goto out;
	}
	password_limits(login_threads(c), c->hash_wait_ms);
	throttle_init(secret, len);
	csrf_set_secret(secret, len);
	if (views_init(c->templates_dir, err, sizeof(err)) == -1) {
		log_error("templates: %s", err);
		goto out;
	}
	if (nroutes > NELEM(methods))
		goto out;
	for (i = 0; i < nroutes; i++) {
		methods[i] = http_method_name(routes[i].method);
		paths[i] = routes[i].pattern;
	}
	if (metrics_init(methods, paths, nroutes) == -1 ||
	    db_params_of(c, 0, &p, &pw) == -1)
		goto out;
	http_settings.cookie_secure = c->cookie_secure;
	http_settings.max_body = (size_t)c->max_body;
	http_settings.tx_retries = c->tx_retries;
	http_settings.version = DEALERNET_VERSION;
	nightly_tiers = c->nightly_tiers;
	ops_set_started(util_now_mono());
	rc = server_run(c, &p, routes, nroutes, &sweep_tick);
out:
	views_free();
	token_free();
	if (secret != NULL)
		sodium_memzero(secret, strlen(secret));
	free(secret);
	free(pw);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct conf	 c;
	const char	*path = getenv("DEALERNET_CONF");
	unsigned	 cap_roles[CAP__COUNT];
	int		 i = 1;

	if (argc > 2 && strcmp(argv[1], "-c") == 0) {
		path = argv[2];
		i = 3;
	}
	if (i >= argc) {
		usage();
		return 2;
	}
	if (strcmp(argv[i], "version") == 0) {
		printf("dealernetd %s\n", DEALERNET_VERSION);
		return 0;
	}
	if (sodium_init() < 0 || db_library_init() == -1) {
		log_error("libsodium or the MariaDB client failed to start");
		return 1;
	}
	if (path == NULL && access("var/dealernet.conf", R_OK) == 0)
		path = "var/dealernet.conf";
	if (load_conf(&c, path) == -1)
		return 1;
	routes_cap_roles(cap_roles);
	apikey_set_cap_roles(cap_roles);
	if (strcmp(argv[i], "serve") == 0)
		return cmd_serve(&c);
	if (strcmp(argv[i], "migrate") == 0 || strcmp(argv[i], "seed") == 0 ||
	    strcmp(argv[i], "user") == 0 || strcmp(argv[i], "apikey") == 0 ||
	    strcmp(argv[i], "sweep") == 0 ||
	    strcmp(argv[i], "tiers") == 0)
		return cmd_db(&c, argc - i, argv + i);
	usage();
	return 2;
}
