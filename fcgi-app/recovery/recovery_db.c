/*
 * recovery_db.c: reset links, made and spent.
 *
 * A request for an address known to belong to one active user makes a
 * token (24 random bytes, base64url), keeps its SHA-256, and writes the
 * e-mail carrying it to the outbox in the same transaction; an unknown
 * address, or one over its hourly limits, changes nothing; the caller
 * answers the same either way.  Spending a token is one transaction: the
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
#include "../core/util.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "recovery.h"

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
	"SELECT id, user_id FROM password_resets WHERE token_hash = UNHEX(?) AND "
	"used_at IS NULL AND expires_at > NOW(6)";
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
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)t, strlen(t));
	util_hex(hex, h, sizeof(h));
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
 * A reset link for email's user, asked from the address from.  0 whether
 * or not a link was sent (the answer must not tell), -1 on a database
 * error.
 */
int
recovery_request(struct db *db, const char *email, const char *from)
{
	unsigned char	 raw[24];
	char		 h[2 * crypto_hash_sha256_BYTES + 1];
	char		 token[RECOVERY_TOKEN_LEN + 8], params[96];
	struct db_stmt	*s;
	int64_t		 user = 0;
	int		 rc, ok;

	if ((rc = who_asks(db, email, from, &user)) <= 0)
		return rc;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, sizeof(token), raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	token_hash(token, h);
	snprintf(params, sizeof(params), "{\"token\":\"%s\",\"minutes\":%d}",
	    token, RECOVERY_MINUTES);
	if (db_begin(db) == -1)
		return -1;
	s = db_prepare(db, sql_insert);
	ok = s != NULL && db_bind_int(s, 0, user) == 0 &&
	    db_bind_text(s, 1, h) == 0 &&
	    db_bind_text(s, 2, from) == 0 &&
	    db_bind_int(s, 3, RECOVERY_MINUTES) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	ok = ok && notify_event_user(db, "password.reset", user, params) == 0;
	sodium_memzero(token, sizeof(token));
	sodium_memzero(params, sizeof(params));
	if (!ok || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
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
	int64_t		 id = 0, user = 0;
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
	    audit_write(db, NULL, "password_reset", "user", user, NULL) == -1 ||
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
