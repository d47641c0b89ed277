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

enum stmt { STMT_ORG_KIND, STMT_ADD, STMT_DISABLE, STMT_PASSWD, STMT_ID,
	STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT id, kind FROM orgs WHERE code = ?",
	"INSERT INTO users (login, display_name, org_id, password_hash, roles) "
	"VALUES (?, ?, ?, ?, ?)",
	"UPDATE users SET disabled = 1, token_version = token_version + 1, "
	"version = version + 1 WHERE login = ?",
	"UPDATE users SET password_hash = ?, token_version = token_version + 1, "
	"failed_logins = 0, locked_until = NULL, version = version + 1 "
	"WHERE login = ?",
	"SELECT id FROM users WHERE login = ?",
};

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

static int64_t
user_id(struct db *db, const char *login)
{
	struct db_stmt	*s;
	int64_t		 id = -1;

	if ((s = db_prepare(db, stmts[STMT_ID])) != NULL &&
	    db_bind_text(s, 0, login) == 0 && db_step(s) == DB_ROW)
		id = db_col_int(s, 0);
	db_stmt_release(s);
	return id;
}

static int
user_add(struct db *db, char **argv, int argc)
{
	struct db_stmt	*s;
	char		 pw[PASSWORD_MAX + 2], hash[crypto_pwhash_STRBYTES];
	enum org_kind	 kind;
	unsigned	 roles;
	int64_t		 org;
	int		 rc = 1;

	if (argc < 3 || parse_roles(argv[2], &roles) == -1)
		return 2;
	if ((s = db_prepare(db, stmts[STMT_ORG_KIND])) == NULL ||
	    db_bind_text(s, 0, argv[1]) == -1 || db_step(s) != DB_ROW ||
	    org_kind_parse(db_col_text(s, 1, NULL), &kind) == -1) {
		fprintf(stderr, "no organisation '%s'\n", argv[1]);
		db_stmt_release(s);
		return 1;
	}
	org = db_col_int(s, 0);
	db_stmt_release(s);
	if ((roles & ~roles_allowed_for(kind)) != 0) {
		fprintf(stderr, "an organisation of kind %s cannot hold "
		    "those roles\n", org_kind_name(kind));
		return 1;
	}
	if (read_password(pw, sizeof(pw)) == -1 ||
	    password_hash(pw, hash, sizeof(hash)) == -1)
		return 1;
	sodium_memzero(pw, sizeof(pw));
	if ((s = db_prepare(db, stmts[STMT_ADD])) != NULL &&
	    db_bind_text(s, 0, argv[0]) == 0 &&
	    db_bind_text(s, 1, argc > 3 ? argv[3] : argv[0]) == 0 &&
	    db_bind_int(s, 2, org) == 0 && db_bind_text(s, 3, hash) == 0 &&
	    db_bind_int(s, 4, roles) == 0 && db_exec(s) == 0 &&
	    audit_write(db, NULL, "user_create", "user",
	    (int64_t)db_insert_id(s), NULL) == 0)
		rc = 0;
	db_stmt_release(s);
	return rc;
}

/* Disable, or set a new password: both end every token of the user. */
static int
user_change(struct db *db, enum stmt which, const char *login)
{
	struct db_stmt	*s;
	char		 pw[PASSWORD_MAX + 2], hash[crypto_pwhash_STRBYTES];
	int64_t		 id;
	int		 ok;

	if ((id = user_id(db, login)) == -1) {
		fprintf(stderr, "no user '%s'\n", login);
		return 1;
	}
	if (which == STMT_PASSWD && (read_password(pw, sizeof(pw)) == -1 ||
	    password_hash(pw, hash, sizeof(hash)) == -1))
		return 1;
	if (db_begin(db) == -1)
		return 1;
	s = db_prepare(db, stmts[which]);
	ok = s != NULL && (which == STMT_PASSWD ?
	    db_bind_text(s, 0, hash) == 0 && db_bind_text(s, 1, login) == 0 :
	    db_bind_text(s, 0, login) == 0) && db_exec(s) == 0;
	db_stmt_release(s);
	if (!ok || session_revoke_user(db, id) == -1 ||
	    audit_write(db, NULL, which == STMT_PASSWD ? "password_reset" :
	    "user_disable", "user", id, NULL) == -1 || db_commit(db) == -1) {
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
		return user_change(db, STMT_DISABLE, argv[2]);
	if (argc == 3 && strcmp(argv[1], "passwd") == 0)
		return user_change(db, STMT_PASSWD, argv[2]);
	fprintf(stderr, "usage: dealernetd user add LOGIN ORG_CODE ROLES "
	    "[NAME] | user disable LOGIN | user passwd LOGIN\n"
	    "(the password is read from standard input)\n");
	return 2;
}
