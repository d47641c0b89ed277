/*
 * main.c: dealernetd, the command line: serve, migrate, version, help;
 * the features' commands and seeds are in routes.c's tables
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "approvals/approvals_digest.h"
#include "attachments/attachments.h"
#include "auth/auth.h"
#include "auth/session.h"
#include "catalogue/catalogue.h"
#include "complaints/complaints.h"
#include "kpi/kpi.h"
#include "notify/notify.h"
#include "recovery/recovery.h"
#include "service/service.h"
#include "service/service_jobs.h"
#include "service/service_work.h"
#include "webhooks/webhooks.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/util.h"
#include "db/db.h"
#include "db/db_changes.h"
#include "db/migrate.h"
#include "http/http.h"
#include "media/media.h"
#include "ops/ops.h"
#include "routes.h"
#include "server.h"
#include "views/views.h"

#ifndef DEALERNET_VERSION
#define DEALERNET_VERSION "dev"
#endif

#define MIN_SECRET	32
#define TOKEN_ISSUER	"dealernet"
#define TOKEN_AUDIENCE	"dealernet-api"

/* The usage lines: ours, then those of routes.c's commands and seeds. */
static void
usage(FILE *f)
{
	const struct routes_command	*c;
	size_t				 i;

	fprintf(f,
	    "usage: dealernetd [-c file] serve     run the FastCGI app\n"
	    "       dealernetd [-c file] migrate   apply migrations/\n");
	for (i = 0; i < routes_nseeds; i++) {
		c = &routes_seeds[i];
		fprintf(f, "       dealernetd [-c file] seed %s%s%s\n"
		    "%37s%s\n", c->name, c->args[0] ? " " : "", c->args, "",
		    c->what);
	}
	for (i = 0; i < routes_ncommands; i++) {
		c = &routes_commands[i];
		fprintf(f, "       dealernetd [-c file] %s %s\n%37s%s\n",
		    c->name, c->args, "", c->what);
	}
	fprintf(f,
	    "       dealernetd version\n"
	    "       dealernetd help\n"
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
	media_store_init(c->attachments_dir);
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

/*
 * The worker's ticks: the sweep every minute; notifications and the
 * service jobs' dispatcher every second.
 */
static const struct server_tick ticks[] = {
	{ sweep_now, 60 },
	{ notify_tick, 1 },
	{ service_dispatch_tick, 1 },
	{ service_dispatch_tick_2, 1 },
	{ webhooks_tick, 1 },
	{ approvals_digest_tick, 300 },
	{ recovery_tick, 1 },
	{ service_parts_tick, 60 },	/* parts past their lead time */
	{ changes_tick, 1 },		/* what other nodes changed, 4 a second */
	{ attachments_tick, 3600 },	/* orphaned attachment files */
	{ NULL, 0 },
};
/* a tick past SERVER_TICKS would never run: say so when building */
_Static_assert(sizeof(ticks) / sizeof(ticks[0]) <= SERVER_TICKS + 1,
    "more ticks than SERVER_TICKS");

/* The notifications' delivery settings; the SMTP password from its file. */
static int
notify_setup(const struct conf *c)
{
	struct notify_settings	*n = &notify_settings;
	char			 err[256];
	size_t			 len;

	snprintf(n->smtp_url, sizeof(n->smtp_url), "%s", c->smtp_url);
	snprintf(n->smtp_from, sizeof(n->smtp_from), "%s", c->smtp_from);
	snprintf(n->smtp_user, sizeof(n->smtp_user), "%s", c->smtp_user);
	snprintf(n->public_url, sizeof(n->public_url), "%s", c->public_url);
	n->enabled = c->notifications;
	n->attempts = c->notify_attempts;
	n->retry_base = c->notify_retry_base;
	n->timeout = c->notify_timeout;
	webhooks_private_ok = c->webhook_private_ok;
	service_settings.accept_minutes = c->service_accept_minutes;
	service_settings.parts_days = c->service_parts_days;
	service_settings.followup_hours = c->service_followup_hours;
	snprintf(n->sms_url, sizeof(n->sms_url), "%s", c->sms_url);
	snprintf(n->sms_template, sizeof(n->sms_template), "%s",
	    c->sms_template);
	/* an SMS gateway's calls are always signed */
	if (c->sms_url[0] != '\0' && (c->sms_secret_file[0] == '\0' ||
	    conf_read_secret(c->sms_secret_file, &n->sms_secret, &len, err,
	    sizeof(err)) == -1)) {
		log_error("sms_secret_file: %s", c->sms_secret_file[0] ?
		    err : "required with sms_url");
		return -1;
	}
	if (c->smtp_password_file[0] != '\0' && conf_read_secret(
	    c->smtp_password_file, &n->smtp_password, &len, err,
	    sizeof(err)) == -1) {
		log_error("%s", err);
		return -1;
	}
	return notify_smtp_init();
}

/* The command of argv (routes.c's), or NULL; a seed's argv from its name. */
static const struct routes_command *
command_of(int *argc, char ***argv)
{
	const struct routes_command	*t = routes_commands;
	size_t				 i, n = routes_ncommands;
	const char			*name = (*argv)[0];

	if (strcmp(name, "seed") == 0) {
		if (*argc < 2)
			return NULL;
		t = routes_seeds;
		n = routes_nseeds;
		name = (*argv)[1];
		(*argc)--;
		(*argv)++;
	}
	for (i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

/* Commands that run once against the database: migrate and routes.c's. */
static int
cmd_db(const struct conf *c, int argc, char **argv)
{
	const struct routes_command	*cmd = NULL;
	struct db_params		 p;
	struct db			*db = NULL;
	char				*pw = NULL;
	int				 rc = 1;
	int				 migrate = strcmp(argv[0], "migrate") == 0;

	if (!migrate && (cmd = command_of(&argc, &argv)) == NULL) {
		usage(stderr);
		return 2;
	}
	if (db_params_of(c, migrate || cmd->owner, &p, &pw) == -1)
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
	else
		rc = cmd->run(db, argc, argv);
out:
	db_free(db);
	free(pw);
	return rc;
}

/*
 * Threads that may wait for or hold a hashing slot.  Without a sign-in
 * socket: half the worker threads unless set, so that sign-in never takes
 * every thread.  With one: sign-in's own threads (server.c), and half
 * the worker threads besides, for password changes and new users.
 */
static int
login_threads(const struct conf *c)
{
	long	 n = c->workers;
	int	 own = 0;

	if (c->login_listen[0] != '\0')
		own = server_login_threads(c);
	else if (c->login_threads > 0)
		return c->login_threads;
	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN) > 0 ?
		    sysconf(_SC_NPROCESSORS_ONLN) * 2 : 4;
	return own + (n >= 2 ? (int)(n / 2) : 1);
}

static int
cmd_serve(const struct conf *c)
{
	struct db_params	 p;
	const char		**methods = NULL, **paths = NULL;
	char			 err[512] = "", *pw = NULL, *secret = NULL;
	size_t			 len, i;
	int			 rc = 1, started = 0;

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
	/* the metrics' names of the routes, for as long as it serves */
	methods = calloc(nroutes, sizeof(*methods));
	paths = calloc(nroutes, sizeof(*paths));
	if (methods == NULL || paths == NULL)
		goto out;
	for (i = 0; i < nroutes; i++) {
		methods[i] = http_method_name(routes[i].method);
		paths[i] = routes[i].pattern;
	}
	if (metrics_init(methods, paths, nroutes) == -1 ||
	    metrics_add(service_dispatch_metrics) == -1 ||
	    metrics_add(session_cache_metrics) == -1 ||
	    session_cache_init() == -1 || catalogue_cache_init() == -1 ||
	    org_names_init() == -1 ||
	    db_params_of(c, 0, &p, &pw) == -1)
		goto out;
	http_settings.cookie_secure = c->cookie_secure;
	http_settings.max_body = (size_t)c->max_body;
	http_settings.tx_retries = c->tx_retries;
	http_settings.version = DEALERNET_VERSION;
	http_settings.menu = routes_menu;
	http_settings.nmenu = routes_nmenu;
	http_settings.unread = routes_unread;
	http_settings.search_roles = routes_search_roles;
	nightly_tiers = c->nightly_tiers;
	ops_set_started(util_now_mono());
	if (notify_setup(c) == -1)
		goto out;
	started = 1;
	rc = server_run(c, &p, routes, nroutes, ticks);
out:
	if (!started)
		log_error("the server did not start");
	free(methods);
	free(paths);
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
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[i], "version") == 0) {
		printf("dealernetd %s\n", DEALERNET_VERSION);
		return 0;
	}
	if (strcmp(argv[i], "help") == 0) {
		usage(stdout);
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
	return cmd_db(&c, argc - i, argv + i);
}
