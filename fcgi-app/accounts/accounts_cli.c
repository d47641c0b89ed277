/*
 * accounts_cli.c: dealernetd user add|disable|passwd
 *
 *   user add LOGIN ORG_CODE ROLE[,ROLE...] [DISPLAY NAME]
 *   user disable LOGIN
 *   user passwd LOGIN
 *
 * The password is read from standard input (one line), never from argv.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../audit/audit.h"
#include "../db/db.h"
#include "accounts.h"
#include "accounts_users.h"

static int
read_password(char *pw, size_t size)
{
	size_t	 n;

	if (fgets(pw, (int)size, stdin) == NULL)
		return -1;
	n = strcspn(pw, "\r\n");
	pw[n] = '\0';
	if (!password_acceptable(pw)) {
		fprintf(stderr, "the password must have 10 to 256 characters\n");
		return -1;
	}
	return 0;
}

static int
parse_roles(const char *list, unsigned *mask)
{
	char		 buf[256], *tok, *save = NULL;
	unsigned	 bit;

	snprintf(buf, sizeof(buf), "%s", list);
	*mask = 0;
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (role_parse(tok, &bit) == -1) {
			fprintf(stderr, "unknown role '%s'\n", tok);
			return -1;
		}
		*mask |= bit;
	}
	return *mask != 0 ? 0 : -1;
}

static int
user_add(struct db *db, char **argv, int argc)
{
	char		 pw[PASSWORD_MAX + 2], hash[crypto_pwhash_STRBYTES];
	enum org_kind	 kind;
	unsigned	 roles;
	int64_t		 org, id;

	if (argc < 3 || parse_roles(argv[2], &roles) == -1)
		return 2;
	if (accounts_users_org_of_code(db, argv[1], &org, &kind) != 0) {
		fprintf(stderr, "no organisation '%s'\n", argv[1]);
		return 1;
	}
	if ((roles & ~roles_allowed_for(kind)) != 0) {
		fprintf(stderr, "an organisation of kind %s cannot hold "
		    "those roles\n", org_kind_name(kind));
		return 1;
	}
	if (read_password(pw, sizeof(pw)) == -1 ||
	    password_hash(pw, hash, sizeof(hash)) == -1)
		return 1;
	sodium_memzero(pw, sizeof(pw));
	if (accounts_users_insert(db, argv[0], argc > 3 ? argv[3] : argv[0],
	    org, hash, roles, &id) != 0 ||
	    audit_write(db, NULL, "user_create", "user", id, org, NULL) == -1)
		return 1;
	return 0;
}

/* Disable, or set a new password: both end every token of the user. */
static int
user_change(struct db *db, int passwd, const char *login)
{
	char		 pw[PASSWORD_MAX + 2], hash[crypto_pwhash_STRBYTES];
	struct user_row	 u;
	int64_t		 id;
	int		 ok;

	if ((id = accounts_users_id_by_login(db, login)) <= 0 ||
	    accounts_users_get(db, id, 0, &u) != 0) {
		fprintf(stderr, "no user '%s'\n", login);
		return 1;
	}
	if (passwd && (read_password(pw, sizeof(pw)) == -1 ||
	    password_hash(pw, hash, sizeof(hash)) == -1))
		return 1;
	if (db_begin(db) == -1)
		return 1;
	ok = passwd ? accounts_users_set_password(db, id, 0, hash) != -1 :
	    accounts_users_disable(db, id) == 0;
	if (!ok || session_revoke_user(db, id) == -1 ||
	    audit_write(db, NULL, passwd ? "password_reset" :
	    "user_disable", "user", id, u.org_id, NULL) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return 1;
	}
	return 0;
}

/* argv[0] is "user". */
int
accounts_cli(struct db *db, int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "add") == 0)
		return user_add(db, argv + 2, argc - 2);
	if (argc == 3 && strcmp(argv[1], "disable") == 0)
		return user_change(db, 0, argv[2]);
	if (argc == 3 && strcmp(argv[1], "passwd") == 0)
		return user_change(db, 1, argv[2]);
	fprintf(stderr, "usage: dealernetd user add LOGIN ORG_CODE ROLES "
	    "[NAME] | user disable LOGIN | user passwd LOGIN\n"
	    "(the password is read from standard input)\n");
	return 2;
}
