/*
 * accounts_apikeys_cli.c: dealernetd apikey create|check|revoke
 *
 *   apikey create LOGIN NAME CAP[,CAP...]   prints the new key (once)
 *   apikey check                            reads a key on stdin: 0 if good
 *   apikey revoke ID
 *
 * So that a deployment (and the local stack, for the demo's ERP) gets a
 * key without a person's session.  A key is never taken from argv, where
 * ps would show it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../core/fault.h"
#include "../db/db.h"
#include "accounts_apikeys.h"

static int
create(struct db *db, char **argv)
{
	struct apikey_req	 q;
	struct apikey_row	 k;
	char			 key[APIKEY_LEN + 1], names[128];

	memset(&q, 0, sizeof(q));
	q.login = argv[0];
	q.name = argv[1];
	if (strlen(q.name) == 0 || strlen(q.name) > APIKEYS_NAME_MAX) {
		fprintf(stderr, "the name has 1 to 100 characters\n");
		return 2;
	}
	if (apikey_caps_parse_list(argv[2], &q.caps) == -1) {
		fprintf(stderr, "capabilities: a comma-separated list of read, "
		    "feed:read, orders:track, ledger:post, stock:write, "
		    "sellthrough:write\n");
		return 2;
	}
	switch (accounts_apikeys_create(db, NULL, 0, &q, &k, key)) {
	case APIKEY_CREATED:
		printf("%s\n", key);
		sodium_memzero(key, sizeof(key));
		fprintf(stderr, "key %lld (%s%s) for %s: shown this once\n",
		    (long long)k.id, APIKEY_TAG, k.prefix, k.user_login);
		return 0;
	case APIKEY_NO_USER:
		fprintf(stderr, "no user '%s'\n", q.login);
		return 1;
	case APIKEY_BAD_CAPS:
		accounts_apikeys_caps_text(k.caps, names, sizeof(names));
		fprintf(stderr, "the roles of '%s' cannot use %s\n", q.login,
		    names);
		return 1;
	default:
		return 1;
	}
}

static int
check(struct db *db)
{
	struct principal	 p;
	struct user_info	 u;
	char			 line[APIKEY_LEN + 3];
	unsigned		 caps;
	int			 rc;

	if (fgets(line, sizeof(line), stdin) == NULL)
		return 1;
	line[strcspn(line, "\r\n")] = '\0';
	rc = apikey_resolve(db, line, &p, &u, &caps);
	sodium_memzero(line, sizeof(line));
	if (rc == 0)
		fprintf(stderr, "a good key of %s\n", u.login);
	return rc == 0 ? 0 : 1;
}

/* argv[0] is "apikey". */
int
accounts_apikeys_cli(struct db *db, int argc, char **argv)
{
	struct apikey_row	 k;
	struct fault		 f = { NULL, "", NULL };
	char			*end;
	long long		 id;
	int			 st;

	if (argc == 5 && strcmp(argv[1], "create") == 0)
		return create(db, argv + 2);
	if (argc == 2 && strcmp(argv[1], "check") == 0)
		return check(db);
	if (argc == 3 && strcmp(argv[1], "revoke") == 0) {
		id = strtoll(argv[2], &end, 10);
		if (*end != '\0' || id <= 0)
			return 2;
		st = accounts_apikeys_revoke(db, NULL, id, &k, &f);
		fault_clear(&f);
		return st == 200 ? 0 : 1;
	}
	fprintf(stderr, "usage: dealernetd apikey create LOGIN NAME CAPS | "
	    "apikey check (the key on stdin) | apikey revoke ID\n");
	return 2;
}
