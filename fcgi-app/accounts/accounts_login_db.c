/*
 * accounts_login_db.c: password checks, per-name locks, per-address limits
 *
 * Every password check (sign-in, and the current password when changing
 * it) is one attempt against the client's address and one against the
 * login name, counted before the password is looked at, so parallel
 * guesses cannot all slip past.  After LOCK_AFTER failures a name locks
 * for 30 s, doubling with each further failure (at most an hour); while
 * locked even the right password is refused.  An address with more than
 * ADDR_MAX_FAILURES failures in ADDR_WINDOW_MIN minutes is refused too.
 *
 * Names are counted in login_names under a keyed hash (auth/throttle.c),
 * known or not, valid or not, in one and the same way: a lock, its
 * Retry-After and the time taken say nothing about which logins exist.
 * A refused attempt answers at once: it never waits for a hashing slot,
 * so a flood of guesses from one address costs the others nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "accounts.h"

/* failures first, it reads the old window_start */
static const char sql_addr_take[] =
	"INSERT INTO login_failures (addr, window_start, failures) "
	"VALUES (?, NOW(6), 1) ON DUPLICATE KEY UPDATE "
	"failures = IF(window_start <= NOW(6) - INTERVAL 15 MINUTE, 1, "
	"failures + 1), window_start = IF(window_start <= NOW(6) - "
	"INTERVAL 15 MINUTE, NOW(6), window_start)";
static const char sql_addr_count[] =
	"SELECT failures, GREATEST(1, TIMESTAMPDIFF(SECOND, NOW(6), "
	"window_start + INTERVAL 15 MINUTE)) FROM login_failures WHERE addr = ?";
static const char sql_addr_give_back[] =
	"UPDATE login_failures SET failures = GREATEST(failures, 1) - 1 "
	"WHERE addr = ?";
static const char sql_name_ensure[] =
	"INSERT IGNORE INTO login_names (name_key) VALUES (UNHEX(?))";
/*
 * Only while not locked; the attempt that makes the count 5 locks for
 * 30 s, each later one doubles it (at most 1 h).  In one UPDATE later
 * assignments see the new count.
 */
static const char sql_name_reserve[] =
	"UPDATE login_names SET failures = failures + 1, locked_until = "
	"IF(failures >= 5, NOW(6) + INTERVAL LEAST(3600, "
	"30 * POW(2, LEAST(failures - 5, 12))) SECOND, NULL) "
	"WHERE name_key = UNHEX(?) AND "
	"(locked_until IS NULL OR locked_until <= NOW(6))";
static const char sql_name_wait[] =
	"SELECT GREATEST(1, CEIL(TIMESTAMPDIFF(MICROSECOND, NOW(6), "
	"locked_until) / 1000000)) FROM login_names WHERE name_key = UNHEX(?)";
/*
 * An attempt never checked (no hashing slot).  Its reservation found the
 * name unlocked, and any lock set since was set by it or lasts beyond it
 * only by its count; so unlocked.
 */
static const char sql_name_give_back[] =
	"UPDATE login_names SET failures = GREATEST(failures, 1) - 1, "
	"locked_until = NULL WHERE name_key = UNHEX(?)";
static const char sql_name_ok[] =
	"DELETE FROM login_names WHERE name_key = UNHEX(?)";
static const char sql_login_of[] =
	"SELECT login FROM users WHERE id = ?";
static const char sql_user[] =
	"SELECT u.id, u.password_hash, u.disabled OR NOT o.active "
	"FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.login = ?";

static int
run_key(struct db *db, const char *sql, const char *key, uint64_t *affected)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql)) != NULL &&
	    db_bind_text(s, 0, key) == 0 && db_exec(s) == 0) {
		if (affected != NULL)
			*affected = db_affected(s);
		rc = 0;
	}
	db_stmt_release(s);
	return rc;
}

/* One integer read under key; -1 on error or no row. */
static int64_t
read_key(struct db *db, const char *sql, const char *key, int64_t *second)
{
	struct db_stmt	*s;
	int64_t		 v = -1;

	if ((s = db_prepare(db, sql)) != NULL &&
	    db_bind_text(s, 0, key) == 0 && db_step(s) == DB_ROW) {
		v = db_col_int(s, 0);
		if (second != NULL)
			*second = db_col_int(s, 1);
	}
	db_stmt_release(s);
	return v;
}

/* The keys of an attempt: the address's, and the name's in hex. */
struct keys {
	char	 addr[THROTTLE_ADDR_MAX];
	char	 name[THROTTLE_KEY_LEN * 2 + 1];
};

static int
keys_of(const char *login, const char *addr, struct keys *k)
{
	unsigned char	 h[THROTTLE_KEY_LEN];

	throttle_addr_key(addr, k->addr, sizeof(k->addr));
	if (throttle_name_key(login, h) == -1) {
		log_error("no key for login names (throttle_init)");
		return -1;
	}
	util_hex(k->name, h, sizeof(h));
	return 0;
}

/*
 * Count one attempt against the address, then against the name.
 * LOGIN_OK if it may be checked, LOGIN_THROTTLED or LOGIN_LOCKED (with
 * *retry) if not, LOGIN_ERROR.
 */
static enum login_result
count(struct db *db, const struct keys *k, int *retry)
{
	uint64_t	 reserved = 0;
	int64_t		 n, wait = 1;
	double		 now = util_now_mono();

	/*
	 * An address refused a moment ago is refused again at once, without
	 * the database.  (Names are not remembered: a give-back racing a
	 * remembered lock would refuse the attempt that was given back.)
	 */
	if ((*retry = throttle_refused(k->addr, now)) > 0)
		return LOGIN_THROTTLED;
	if (run_key(db, sql_addr_take, k->addr, NULL) == -1 ||
	    (n = read_key(db, sql_addr_count, k->addr, &wait)) == -1)
		return LOGIN_ERROR;
	if (n > ADDR_MAX_FAILURES) {
		*retry = (int)wait;
		throttle_remember(k->addr, *retry, now);
		return LOGIN_THROTTLED;
	}
	if (run_key(db, sql_name_ensure, k->name, NULL) == -1 ||
	    run_key(db, sql_name_reserve, k->name, &reserved) == -1)
		return LOGIN_ERROR;
	if (reserved == 0) {
		wait = read_key(db, sql_name_wait, k->name, NULL);
		*retry = wait > 0 ? (int)wait : 1;
		return LOGIN_LOCKED;	/* even for the right password */
	}
	return LOGIN_OK;
}

/*
 * Check pw against stored (NULL: no such login, a dummy hash instead).
 * An attempt that got no hashing slot was never checked: it is
 * LOGIN_BUSY, and the name and the address get their counts back.  A
 * busy server must not lock anyone's account, nor an office whose staff
 * sign in at once behind one address; a flood that finds the slots busy
 * tests no password, and nginx's sign-in limit bounds what it writes.
 */
static enum login_result
check(struct db *db, const struct keys *k, const char *stored,
    const char *pw)
{
	enum password_result	 p;

	p = stored != NULL ? password_check(stored, pw) : password_burn(pw);
	if (p == PASSWORD_BUSY)
		return run_key(db, sql_name_give_back, k->name, NULL) == -1 ||
		    run_key(db, sql_addr_give_back, k->addr, NULL) == -1 ?
		    LOGIN_ERROR : LOGIN_BUSY;
	return p == PASSWORD_OK ? LOGIN_OK : LOGIN_BAD;
}

/* A good password: the name starts afresh, the address gets its try back. */
static enum login_result
passed(struct db *db, const struct keys *k)
{
	return run_key(db, sql_name_ok, k->name, NULL) == -1 ||
	    run_key(db, sql_addr_give_back, k->addr, NULL) == -1 ?
	    LOGIN_ERROR : LOGIN_OK;
}

/*
 * The current password of a signed-in user (changing it): counted and
 * locked exactly like sign-in, under the user's login name.
 */
enum login_result
accounts_password_attempt(struct db *db, const char *login,
    const char *stored, const char *pw, const char *addr, int *retry)
{
	struct keys		 k;
	enum login_result	 res;

	*retry = 0;
	if (keys_of(login, addr, &k) == -1)
		return LOGIN_ERROR;
	if ((res = count(db, &k, retry)) != LOGIN_OK ||
	    (res = check(db, &k, stored, pw)) != LOGIN_OK)
		return res;
	return passed(db, &k);
}

/* An administrator set a new password: the user's login starts afresh. */
int
accounts_login_unlock(struct db *db, int64_t user_id)
{
	struct db_stmt	*s;
	struct keys	 k;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_login_of)) == NULL ||
	    db_bind_int(s, 0, user_id) == -1 || db_step(s) != DB_ROW ||
	    keys_of(db_col_text(s, 0, NULL), NULL, &k) == -1)
		goto out;
	rc = run_key(db, sql_name_ok, k.name, NULL);
out:
	db_stmt_release(s);
	return rc;
}

/* The user of a login, if it is one we could have issued. */
static int
lookup(struct db *db, const char *login, int64_t *id, char **hash,
    int *disabled)
{
	struct db_stmt	*s;
	int		 r, rc = -1;

	*id = 0;
	*hash = NULL;
	*disabled = 1;
	if (!throttle_login_ok(login))
		return 0;	/* never looked up: as if unknown */
	if ((s = db_prepare(db, sql_user)) == NULL ||
	    db_bind_text(s, 0, login) == -1 || (r = db_step(s)) == DB_ERROR)
		goto out;
	if (r == DB_ROW) {
		if ((*hash = strdup(db_col_text(s, 1, NULL))) == NULL)
			goto out;
		*id = db_col_int(s, 0);
		*disabled = db_col_int(s, 2) != 0;
	}
	rc = 0;
out:
	db_stmt_release(s);
	return rc;
}

enum login_result
accounts_login(struct db *db, const char *login, const char *password,
    const char *addr, const char *ua, struct login *out)
{
	struct keys		 k;
	char			*hash = NULL;
	int64_t			 id;
	int			 disabled, r;
	enum login_result	 res;

	memset(out, 0, sizeof(*out));
	if (keys_of(login, addr, &k) == -1)
		return LOGIN_ERROR;
	if ((res = count(db, &k, &out->retry_after)) != LOGIN_OK)
		return res;
	if (lookup(db, login, &id, &hash, &disabled) == -1)
		return LOGIN_ERROR;
	res = check(db, &k, hash, password);
	free(hash);
	if (res != LOGIN_OK)
		return res;
	if (id == 0 || disabled)
		return LOGIN_BAD;
	if (passed(db, &k) != LOGIN_OK)
		return LOGIN_ERROR;

	res = LOGIN_ERROR;
	if (db_begin(db) == -1)
		return LOGIN_ERROR;
	if ((r = session_load_principal(db, id, &out->who, &disabled)) == -1)
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
	if (session_start(db, id, ua, addr, out->refresh,
	    &out->who.session_id) == -1 ||
	    audit_write(db, &out->who, "login", "user", id,
	    out->who.org_id, NULL) == -1 ||
	    db_commit(db) == -1)
		goto fail;
	if ((out->access = token_issue(&out->who, util_now_unix())) == NULL)
		return LOGIN_ERROR;
	return LOGIN_OK;
fail:
	db_rollback(db);
	return res;
}
