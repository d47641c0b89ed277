/*
 * routes_cli.c: the command line's registries beside the route table:
 * `dealernetd seed NAME` and `dealernetd NAME`, each feature's entry
 */
#include <stdio.h>
#include <string.h>

#include "attachments/attachments.h"
#include "accounts/accounts.h"
#include "accounts/accounts_apikeys.h"
#include "approvals/approvals.h"
#include "approvals/approvals_digest.h"
#include "bench/bench.h"
#include "catalogue/catalogue.h"
#include "complaints/complaints.h"
#include "core/log.h"
#include "core/util.h"
#include "inventory/inventory.h"
#include "invoices/invoices.h"
#include "db/db_demo.h"
#include "kpi/kpi.h"
#include "ledger/ledger.h"
#include "news/news.h"
#include "notifications/notifications.h"
#include "orders/orders.h"
#include "providers/providers.h"
#include "routes.h"
#include "search/search_index.h"
#include "sellthrough/sellthrough.h"
#include "service/service_jobs.h"
#include "service/service_work.h"

/* dealernetd seed demo: each feature's part, in this order. */
static int (*const demo_seeds[])(struct db *) = {
	accounts_seed_demo,
	catalogue_seed_demo,
	db_demo_shape,		/* the year's shape: after the accounts */
	orders_seed_demo,
	orders_seed_year,	/* a year of orders: before their ledger */
	approvals_seed_demo,
	ledger_seed_demo,	/* the year's payments matched */
	news_seed_demo,
	sellthrough_seed_demo,
	complaints_seed_demo,	/* a year of complaints */
	inventory_seed_demo,
	notifications_seed_demo,
	providers_seed_demo,	/* service: after accounts and catalogue */
	invoices_seed_demo,	/* the demo dealers' invoice profiles */
};

/* dealernetd seed demo [--seed N]: the seed draws the year's shape */
static int
seed_demo(struct db *db, int argc, char **argv)
{
	size_t	 i;
	int64_t	 seed;
	double	 t0 = util_now_mono(), t;

	if ((argc != 1 && (argc != 3 || strcmp(argv[1], "--seed") != 0)) ||
	    (seed = db_demo_seed_number(argc == 3 ? argv[2] : NULL)) < 0) {
		fprintf(stderr, "usage: dealernetd seed demo [--seed N] "
		    "(0..2147483647; default $DEALERNET_DEMO_SEED or %d)\n",
		    DB_DEMO_SEED);
		return 2;
	}
	if (db_demo_seed_set(db, seed) != 0)
		return 1;
	for (i = 0; i < NELEM(demo_seeds); i++) {
		t = util_now_mono();
		if (demo_seeds[i](db) != 0)
			return 1;
		log_info("seed demo: part %zu of %zu: %.2f s", i + 1,
		    NELEM(demo_seeds), util_now_mono() - t);
	}
	log_info("seed demo (seed %lld): %.2f s", (long long)seed,
	    util_now_mono() - t0);
	return 0;
}

/* dealernetd seed NAME ... */
const struct routes_command routes_seeds[] = {
	/* temporary tables (the demo year's, the bench's): as the owner */
	{ "demo",	"[--seed N]",	"load the demo data set",	seed_demo,	1 },
	{ "bench",
	    "--orders N [--focus F [--focus-tenths T]] [--sellthrough]",
	    "add the benchmark's data set",	bench_seed_cli,	1 },
	/* service: providers, the bench set (on top of the demo's) */
	{ "providers",	"[--providers N] [--cities M]",
	    "add the service network's bench providers (5,000 in 300 cities)",
	    providers_bench_seed_cli, 0 },
};

const size_t routes_nseeds = NELEM(routes_seeds);

/* dealernetd NAME ... */
const struct routes_command routes_commands[] = {
	{ "user",	"add|disable|passwd ...", "manage users",
	    accounts_cli,	0 },
	{ "apikey",	"create LOGIN NAME CAPS | check | revoke ID",
	    "manage machines' API keys",	accounts_apikeys_cli,	0 },
	{ "sweep",	"[--now=YYYY-MM-DDTHH:MM:SSZ]",
	    "escalate overdue complaints",	complaints_sweep_cli,	0 },
	/* service: jobs and dispatch */
	{ "dispatch",	"[--now=YYYY-MM-DDTHH:MM:SSZ]",
	    "offer due service jobs, lapse late offers", service_dispatch_cli, 0 },
	{ "tiers",	"[--nightly]",	"recompute the dealers' tiers",
	    kpi_tiers_cli,	0 },
	{ "digest",	"",	"send today's approvers' digests not sent yet",
	    approvals_digest_cli,	0 },
	/* search: the complaints filed before it was indexed (0063) */
	{ "reindex",	"[--all]",
	    "index complaints for search not indexed yet (--all: every one)",
	    search_reindex_cli,	0 },
	{ "parts-sweep", "[--now=YYYY-MM-DDTHH:MM:SSZ]",
	    "flag spare parts past their lead time",	service_parts_sweep_cli, 0 },
	{ "attachments-sweep", "[--age=SECONDS]",
	    "remove attachment files no row names (an hour old)",
	    attachments_sweep_cli, 0 },
};

const size_t routes_ncommands = NELEM(routes_commands);
