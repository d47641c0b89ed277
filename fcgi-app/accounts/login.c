/*
 * login.c: password sign-in with per-account locks and per-address limits
 *
 * After LOCK_AFTER wrong passwords an account locks for 30 s, doubling
 * with each further failure (at most an hour); while locked even the
 * right password is refused.  An address with ADDR_MAX_FAILURES failures
 * in ADDR_WINDOW_MIN minutes is refused too.  An unknown login costs the
 * same argon2id time as a known one.
 */
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "accounts.h"

enum stmt {
	STMT_ADDR_CHECK, STMT_ADDR_FAIL, STMT_USER, STMT_FAIL, STMT_OK,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_ADDR_CHECK */
	"SELECT failures, GREATEST(1, TIMESTAMPDIFF(SECOND, NOW(6), "
	"window_start + INTERVAL 15 MINUTE)) FROM login_failures "
	"WHERE addr = ? AND window_start > NOW(6) - INTERVAL 15 MINUTE",
	/* STMT_ADDR_FAIL: failures first, it reads the old window_start */
	"INSERT INTO login_failures (addr, window_start, failures) "
	"VALUES (?, NOW(6), 1) ON DUPLICATE KEY UPDATE "
	"failures = IF(window_start <= NOW(6) - INTERVAL 15 MINUTE, 1, "
	"failures + 1), window_start = IF(window_start <= NOW(6) - "
	"INTERVAL 15 MINUTE, NOW(6), window_start)",
	/* STMT_USER */
	"SELECT u.id, u.password_hash, u.disabled OR NOT o.active, "
	"COALESCE(u.locked_until > NOW(6), 0), GREATEST(1, "
	"COALESCE(TIMESTAMPDIFF(SECOND, NOW(6), u.locked_until), 0)) "
	"FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.login = ?",
	/* STMT_FAIL: in one UPDATE later assignments see the new count */
	"UPDATE users SET failed_logins = failed_logins + 1, locked_until = "
	"IF(failed_logins >= 5, NOW(6) + INTERVAL LEAST(3600, "
	"30 * POW(2, LEAST(failed_logins - 5, 12))) SECOND, locked_until) "
	"WHERE id = ?",
	/* STMT_OK */
	"UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?",
};

static int
run_id(struct db *db, enum stmt which, int64_t id)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, stmts[which])) != NULL &&
	    db_bind_int(s, 0, id) == 0 && db_exec(s) == 0)
		rc = 0;
	db_stmt_release(s);
	return rc;
}

static int
addr_failed(struct db *db, const char *addr)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, stmts[STMT_ADDR_FAIL])) != NULL &&
	    db_bind_text(s, 0, addr) == 0 && db_exec(s) == 0)
		rc = 0;
	db_stmt_release(s);
	return rc;
}

/* 1 and *retry if the address is over its limit, 0 if not, -1 error. */
static int
addr_throttled(struct db *db, const char *addr, int *retry)
{
	struct db_stmt	*s;
	int		 rc = -1, r;

	if ((s = db_prepare(db, stmts[STMT_ADDR_CHECK])) == NULL ||
	    db_bind_text(s, 0, addr) == -1)
		goto out;
	if ((r = db_step(s)) == DB_ERROR)
		goto out;
	rc = 0;
	if (r == DB_ROW && db_col_int(s, 0) >= ADDR_MAX_FAILURES) {
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
	char			*hash = NULL;
	int64_t			 id;
	int			 disabled, locked, r, good;
	enum login_result	 res = LOGIN_ERROR;

	memset(out, 0, sizeof(*out));
	if ((r = addr_throttled(db, addr, &out->retry_after)) != 0)
		return r == 1 ? LOGIN_THROTTLED : LOGIN_ERROR;
	if ((s = db_prepare(db, stmts[STMT_USER])) == NULL ||
	    db_bind_text(s, 0, login) == -1 || (r = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return LOGIN_ERROR;
	}
	if (r == DB_DONE) {
		db_stmt_release(s);
		password_burn(password);
		return addr_failed(db, addr) == 0 ? LOGIN_BAD : LOGIN_ERROR;
	}
	id = db_col_int(s, 0);
	hash = strdup(db_col_text(s, 1, NULL));
	disabled = db_col_int(s, 2) != 0;
	locked = db_col_int(s, 3) != 0;
	out->retry_after = (int)db_col_int(s, 4);
	db_stmt_release(s);
	if (hash == NULL)
		return LOGIN_ERROR;
	if (locked) {
		free(hash);
		return LOGIN_LOCKED;
	}
	good = password_verify(hash, password);
	free(hash);
	if (!good || disabled) {
		if (run_id(db, STMT_FAIL, id) == -1 ||
		    addr_failed(db, addr) == -1)
			return LOGIN_ERROR;
		return LOGIN_BAD;
	}

	if (db_begin(db) == -1)
		return LOGIN_ERROR;
	if (run_id(db, STMT_OK, id) == -1 ||
	    (r = session_load_principal(db, id, &out->who, &disabled)) == -1)
		goto fail;
	if (r == 1 || disabled) {
		res = LOGIN_BAD;
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
