/*
 * accounts_login.c: password sign-in with per-account locks and per-address limits
 *
 * After LOCK_AFTER wrong passwords an account locks for 30 s, doubling
 * with each further failure (at most an hour); while locked even the
 * right password is refused.  An address with more than ADDR_MAX_FAILURES
 * failed attempts in ADDR_WINDOW_MIN minutes is refused too.  Unknown
 * logins cost the same argon2id time and lock the same way as known ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "accounts.h"

enum stmt {
	STMT_KEY_TAKE, STMT_KEY_COUNT, STMT_KEY_GIVE_BACK, STMT_USER,
	STMT_RESERVE, STMT_OK, STMT__MAX
};

/*
 * An attempt is counted before the password is checked, in one statement
 * each, so parallel guesses cannot all slip past the limits; a success
 * gives its count back.  Keys: "a:<address>" and "n:<login>", the latter
 * for unknown logins too, so a lock tells nothing about who exists.
 */
static const char *const stmts[STMT__MAX] = {
	/* STMT_KEY_TAKE: failures first, it reads the old window_start */
	"INSERT INTO login_failures (addr, window_start, failures) "
	"VALUES (?, NOW(6), 1) ON DUPLICATE KEY UPDATE "
	"failures = IF(window_start <= NOW(6) - INTERVAL 15 MINUTE, 1, "
	"failures + 1), window_start = IF(window_start <= NOW(6) - "
	"INTERVAL 15 MINUTE, NOW(6), window_start)",
	/* STMT_KEY_COUNT */
	"SELECT failures, GREATEST(1, TIMESTAMPDIFF(SECOND, NOW(6), "
	"window_start + INTERVAL 15 MINUTE)) FROM login_failures WHERE addr = ?",
	/* STMT_KEY_GIVE_BACK */
	"UPDATE login_failures SET failures = GREATEST(failures, 1) - 1 "
	"WHERE addr = ?",
	/* STMT_USER */
	"SELECT u.id, u.password_hash, u.disabled OR NOT o.active "
	"FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.login = ?",
	/*
	 * STMT_RESERVE: only while not locked; the attempt that makes the
	 * count 5 locks for 30 s, each later one doubles it (at most 1 h).
	 * In one UPDATE later assignments see the new count.
	 */
	"UPDATE users SET failed_logins = failed_logins + 1, locked_until = "
	"IF(failed_logins >= 5, NOW(6) + INTERVAL LEAST(3600, "
	"30 * POW(2, LEAST(failed_logins - 5, 12))) SECOND, NULL) "
	"WHERE id = ? AND (locked_until IS NULL OR locked_until <= NOW(6))",
	/* STMT_OK */
	"UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?",
};

static int
run_id(struct db *db, enum stmt which, int64_t id, uint64_t *affected)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, stmts[which])) != NULL &&
	    db_bind_int(s, 0, id) == 0 && db_exec(s) == 0) {
		if (affected != NULL)
			*affected = db_affected(s);
		rc = 0;
	}
	db_stmt_release(s);
	return rc;
}

static int
run_key(struct db *db, enum stmt which, const char *key)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, stmts[which])) != NULL &&
	    db_bind_text(s, 0, key) == 0 && db_exec(s) == 0)
		rc = 0;
	db_stmt_release(s);
	return rc;
}

/*
 * Count one attempt against key; 1 (and *retry) if that puts it over
 * max in its window, 0 if not, -1 on error.
 */
static int
take(struct db *db, const char *key, int max, int *retry)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if (run_key(db, STMT_KEY_TAKE, key) == -1)
		return -1;
	if ((s = db_prepare(db, stmts[STMT_KEY_COUNT])) == NULL ||
	    db_bind_text(s, 0, key) == -1 || db_step(s) != DB_ROW)
		goto out;
	rc = 0;
	if (db_col_int(s, 0) > max) {
		*retry = (int)db_col_int(s, 1);
		rc = 1;
	}
out:
	db_stmt_release(s);
	return rc;
}

enum login_result
accounts_login(struct db *db, const char *login, const char *password,
    const char *addr, struct login *out)
{
	struct db_stmt		*s;
	char			 akey[72], nkey[72], *hash = NULL;
	uint64_t		 reserved = 0;
	int64_t			 id = 0;
	int			 disabled = 1, r, good;
	enum login_result	 res = LOGIN_ERROR;

	memset(out, 0, sizeof(*out));
	snprintf(akey, sizeof(akey), "a:%.62s", addr);
	snprintf(nkey, sizeof(nkey), "n:%.62s", login);
	if ((r = take(db, akey, ADDR_MAX_FAILURES, &out->retry_after)) != 0) {
		password_burn(password);
		return r == 1 ? LOGIN_THROTTLED : LOGIN_ERROR;
	}
	if ((s = db_prepare(db, stmts[STMT_USER])) == NULL ||
	    db_bind_text(s, 0, login) == -1 || (r = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return LOGIN_ERROR;
	}
	if (r == DB_ROW) {
		id = db_col_int(s, 0);
		hash = strdup(db_col_text(s, 1, NULL));
		disabled = db_col_int(s, 2) != 0;
	}
	db_stmt_release(s);
	if (r == DB_ROW && hash == NULL)
		return LOGIN_ERROR;
	/* a known login's lock lives on its row; an unknown one's by name */
	if (id != 0 ? run_id(db, STMT_RESERVE, id, &reserved) == -1 :
	    (r = take(db, nkey, LOCK_AFTER, &out->retry_after)) == -1) {
		free(hash);
		return LOGIN_ERROR;
	}
	good = hash != NULL ? password_verify(hash, password) :
	    (password_burn(password), 0);
	free(hash);
	if (id != 0 && reserved == 0) {
		out->retry_after = 30;
		return LOGIN_LOCKED;	/* even for the right password */
	}
	if (id == 0)
		return r == 1 ? LOGIN_LOCKED : LOGIN_BAD;
	if (!good || disabled)
		return LOGIN_BAD;
	if (run_key(db, STMT_KEY_GIVE_BACK, akey) == -1)
		return LOGIN_ERROR;

	if (db_begin(db) == -1)
		return LOGIN_ERROR;
	if (run_id(db, STMT_OK, id, NULL) == -1 ||
	    (r = session_load_principal(db, id, &out->who, &disabled)) == -1)
		goto fail;
	if (r == 1 || disabled) {
		res = LOGIN_BAD;
		goto fail;
	}
	/* a machine (the ERP) uses an API key, never a password */
	if (out->who.roles & ROLE_ERP) {
		res = LOGIN_MACHINE;
		goto fail;
	}
	if (session_issue(db, id, NULL, out->refresh, NULL) == -1 ||
	    audit_write(db, &out->who, "login", "user", id, NULL) == -1 ||
	    db_commit(db) == -1)
		goto fail;
	if ((out->access = token_issue(&out->who, util_now_unix())) == NULL)
		return LOGIN_ERROR;
	return LOGIN_OK;
fail:
	db_rollback(db);
	return res;
}
