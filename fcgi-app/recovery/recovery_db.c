/*
 * recovery_db.c: reset links, made and spent.
 *
 * A request is one row of password_reset_requests, whatever the address,
 * so that known and unknown addresses take the same time to answer.  The
 * recovery tick takes each row (deleting it: of two nodes one wins) and,
 * for an address of one active user within the hourly limits, makes a
 * token (24 random bytes, base64url), keeps its SHA-256, and writes the
 * e-mail carrying it to the outbox, all in that transaction.  Spending a token is one transaction: the
 * token is marked used by a conditional update (a second use, or a racing
 * one, finds it used), the password set, every session ended and every
 * other token of the user spent.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../audit/audit.h"
#include "../auth/auth.h"
#include "../auth/session.h"
#include "../core/fault.h"
#include "../core/log.h"
#include "../core/stop.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "recovery.h"

static const char sql_ask[] =
	"INSERT INTO password_reset_requests (email, requested_from) "
	"VALUES (?, ?)";
static const char sql_asked[] =
	"SELECT id, email, requested_from FROM password_reset_requests "
	"ORDER BY id LIMIT ?";
static const char sql_take[] =
	"DELETE FROM password_reset_requests WHERE id = ?";
/* when a token is spent, the copy its mail carried goes too */
static const char sql_scrub[] =
	"UPDATE notify_events SET params = '{}' WHERE kind = 'password.reset' "
	"AND user_id = ? AND params <> '{}'";
static const char sql_user[] =
	"SELECT id FROM users WHERE email = ? AND disabled = 0 AND "
	"FIND_IN_SET('erp', roles) = 0";
static const char sql_counts[] =
	"SELECT (SELECT COUNT(*) FROM password_resets WHERE user_id = ? AND "
	"created_at > NOW(6) - INTERVAL 1 HOUR), (SELECT COUNT(*) FROM "
	"password_resets WHERE requested_from = ? AND created_at > NOW(6) - "
	"INTERVAL 1 HOUR)";
static const char sql_insert[] =
	"INSERT INTO password_resets (user_id, token_hash, requested_from, "
	"expires_at) VALUES (?, UNHEX(?), ?, NOW(6) + INTERVAL ? MINUTE)";
static const char sql_find[] =
	"SELECT r.id, r.user_id, u.org_id FROM password_resets r JOIN users u "
	"ON u.id = r.user_id WHERE r.token_hash = UNHEX(?) AND "
	"r.used_at IS NULL AND r.expires_at > NOW(6)";
static const char sql_spend[] =
	"UPDATE password_resets SET used_at = NOW(6) WHERE id = ? AND "
	"used_at IS NULL AND expires_at > NOW(6)";
static const char sql_spend_rest[] =
	"UPDATE password_resets SET used_at = NOW(6) WHERE user_id = ? AND "
	"used_at IS NULL";
static const char sql_password[] =
	"UPDATE users SET password_hash = ?, failed_logins = 0, locked_until "
	"= NULL, version = version + 1 WHERE id = ? AND disabled = 0";

/* A token's shape: RECOVERY_TOKEN_LEN of base64url. */
int
recovery_token_ok(const char *t)
{
	return t != NULL && strlen(t) == RECOVERY_TOKEN_LEN &&
	    strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_") == RECOVERY_TOKEN_LEN;
}

/* The token's SHA-256, in hex: what the table keeps (as binary). */
static void
token_hash(const char *t, char hex[2 * crypto_hash_sha256_BYTES + 1])
{
	util_sha256_hex(hex, t, strlen(t));
}

/* The user of an address, within the hourly limits: 1 (*user), 0, -1. */
static int
who_asks(struct db *db, const char *email, const char *from, int64_t *user)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_preparef(db, sql_user, "s", email)) == NULL)
		return -1;
	rc = db_step(s);
	if (rc == DB_ROW)
		*user = db_col_int(s, 0);
	db_stmt_release(s);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 0 : -1;
	if ((s = db_preparef(db, sql_counts, "is", *user, from)) == NULL)
		return -1;
	rc = db_step(s) == DB_ROW ? db_col_int(s, 0) < RECOVERY_PER_USER &&
	    db_col_int(s, 1) < RECOVERY_PER_ADDR : -1;
	db_stmt_release(s);
	return rc;
}

/*
 * Ask for a reset link for email from the address from: a row for the
 * tick, whether or not the address is known.  0, or -1.
 */
int
recovery_request(struct db *db, const char *email, const char *from)
{
	return db_execv(db, sql_ask, NULL, "ss", email, from) == 1 ? 0 : -1;
}

/* Make the link of one asked row, if it is ours: 1, 0 not, -1. */
static int
answer_one(struct db *db, int64_t id, const char *email, const char *from)
{
	unsigned char	 raw[24];
	char		 h[2 * crypto_hash_sha256_BYTES + 1];
	char		 token[RECOVERY_TOKEN_LEN + 8], params[96];
	struct db_stmt	*s;
	int64_t		 user = 0;
	int		 rc, ok;

	if (db_begin(db) == -1)
		return -1;
	if ((rc = db_execv(db, sql_take, NULL, "i", id)) != 1 ||
	    (rc = who_asks(db, email, from, &user)) != 1) {
		if (rc == 0 || rc == 1)	/* taken, or no link to make */
			return db_commit(db) == 0 ? 0 : -1;
		db_rollback(db);
		return -1;
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, sizeof(token), raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	token_hash(token, h);
	snprintf(params, sizeof(params), "{\"token\":\"%s\",\"minutes\":%d}",
	    token, RECOVERY_MINUTES);
	s = db_prepare(db, sql_insert);
	ok = s != NULL && db_bind_int(s, 0, user) == 0 &&
	    db_bind_text(s, 1, h) == 0 && db_bind_text(s, 2, from) == 0 &&
	    db_bind_int(s, 3, RECOVERY_MINUTES) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	ok = ok && notify_event_user(db, "password.reset", "user", "", user,
	    params) == 0;
	sodium_memzero(token, sizeof(token));
	sodium_memzero(params, sizeof(params));
	if (!ok || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 1;
}

/* The asked rows waiting (a batch); *made counts the links.  0, or -1. */
int
recovery_answer(struct db *db, int *made)
{
	struct db_stmt	*s;
	struct {
		int64_t	 id;
		char	 email[RECOVERY_EMAIL_MAX + 1], from[64];
	}		 q[RECOVERY_BATCH];
	int		 n = 0, i, rc;

	*made = 0;
	if ((s = db_preparef(db, sql_asked, "i", (int64_t)RECOVERY_BATCH)) ==
	    NULL)
		return -1;
	while (n < RECOVERY_BATCH && db_step(s) == DB_ROW) {
		q[n].id = db_col_int(s, 0);
		db_col_copy(s, 1, q[n].email, sizeof(q[n].email));
		db_col_copy(s, 2, q[n].from, sizeof(q[n].from));
		n++;
	}
	db_stmt_release(s);
	for (i = 0; i < n && !stop_requested(); i++) {
		if ((rc = answer_one(db, q[i].id, q[i].email, q[i].from)) ==
		    -1) {
			if (db_is_conflict(db))
				continue;	/* another node took it */
			return -1;
		}
		*made += rc;
	}
	return 0;
}

/* Every second in each app worker. */
void
recovery_tick(struct db *db)
{
	int	 n;

	if (recovery_answer(db, &n) == -1)
		log_error("recovery: answering requests failed: %s",
		    db_errmsg(db));
}

/* Is token good now?  1, 0, or -1. */
int
recovery_check(struct db *db, const char *token)
{
	char		 h[2 * crypto_hash_sha256_BYTES + 1];
	struct db_stmt	*s;
	int		 rc;

	if (!recovery_token_ok(token))
		return 0;
	token_hash(token, h);
	if ((s = db_preparef(db, sql_find, "s", h)) == NULL)
		return -1;
	rc = db_step(s);
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

/*
 * Spend token on the new password pw: 200, 422 (the token is not good,
 * or pw is not acceptable; f says which), 503 (no hashing slot), 500.
 */
int
recovery_confirm(struct db *db, const char *token, const char *pw,
    struct fault *f)
{
	char		 h[2 * crypto_hash_sha256_BYTES + 1];
	char		 hash[crypto_pwhash_STRBYTES];
	struct db_stmt	*s;
	int64_t		 id = 0, user = 0, org = 0;
	int		 rc;

	if (pw == NULL || !password_acceptable(pw))
		fault_field(f, "password", "10 to 256 characters");
	if (!recovery_token_ok(token))
		fault_field(f, "token", "this link is not valid any more; ask "
		    "for a new one");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed", "check the fields");
	token_hash(token, h);
	if ((s = db_preparef(db, sql_find, "s", h)) == NULL)
		return 500;
	if ((rc = db_step(s)) == DB_ROW) {
		id = db_col_int(s, 0);
		user = db_col_int(s, 1);
		org = db_col_int(s, 2);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR)
		return 500;
	if (rc != DB_ROW)
		goto spent;
	if (password_hash(pw, hash, sizeof(hash)) == -1)
		return fault_set(f, 503, "unavailable", "busy; try again in a "
		    "moment");
	if (db_begin(db) == -1)
		return 500;
	if ((rc = db_execv(db, sql_spend, NULL, "i", id)) != 1) {
		db_rollback(db);
		if (rc == -1)
			return 500;
		goto spent;	/* a racing use, or it ran out meanwhile */
	}
	if (db_execv(db, sql_password, NULL, "si", hash, user) != 1 ||
	    session_end_all(db, user) == -1 ||
	    db_execv(db, sql_spend_rest, NULL, "i", user) == -1 ||
	    db_execv(db, sql_scrub, NULL, "i", user) == -1 ||
	    audit_write(db, NULL, "password_reset", "user", user, org,
	    NULL) == -1 ||
	    notify_event_user(db, "password.changed", "user", "", user,
	    NULL) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		sodium_memzero(hash, sizeof(hash));
		return 500;
	}
	sodium_memzero(hash, sizeof(hash));
	log_info("password of user %lld reset by e-mail link", (long long)user);
	return 200;
spent:
	fault_field(f, "token", "this link is not valid any more; ask for a "
	    "new one");
	return fault_set(f, 422, "validation_failed", "the link is used or "
	    "expired");
}
