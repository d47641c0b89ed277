/*
 * session.c: refresh tokens and the per-request check of the user
 *
 * A refresh token is 32 random bytes in hex, given to the client once and
 * stored only as its SHA-256.  Each use replaces it within its family
 * (one login); a replaced or revoked token presented again means it was
 * stolen or replayed, so the whole family is revoked.
 */
#include <stdio.h>
#include <string.h>


#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../db/db_changes.h"
#include "session.h"

enum stmt {
	STMT_USER_CHECK, STMT_USER_CHECK_SID, STMT_PRINCIPAL, STMT_INSERT,
	STMT_SESSION_NEW, STMT_FIND, STMT_REPLACE, STMT_USED, STMT_REVOKE_FAMILY,
	STMT_END_FAMILY, STMT_REVOKE_USER, STMT_END_USER, STMT_BUMP, STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_USER_CHECK */
	"SELECT u.login, u.display_name, u.lang FROM users u JOIN orgs o ON "
	"o.id = u.org_id WHERE u.id = ? AND u.token_version = ? AND "
	"u.disabled = 0 AND u.org_id = ? AND o.active = 1",
	/*
	 * STMT_USER_CHECK_SID: a token of a sign-in also needs its session
	 * not ended (signed out, ended from the account page, replayed)
	 */
	"SELECT u.login, u.display_name, u.lang FROM users u JOIN orgs o ON "
	"o.id = u.org_id JOIN sessions s ON s.id = ? AND s.user_id = u.id AND "
	"s.ended_at IS NULL WHERE u.id = ? AND u.token_version = ? AND "
	"u.disabled = 0 AND u.org_id = ? AND o.active = 1",
	/* STMT_PRINCIPAL */
	"SELECT u.org_id, o.kind, CASE o.kind WHEN 'region' THEN o.id "
	"ELSE COALESCE(o.region_id, 0) END, u.roles + 0, u.token_version, "
	"u.disabled OR NOT o.active "
	"FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = ?",
	/* STMT_INSERT */
	"INSERT INTO refresh_tokens (token_hash, user_id, family, expires_at) "
	"VALUES (?, ?, ?, NOW(6) + INTERVAL 30 DAY)",
	/* STMT_SESSION_NEW */
	"INSERT INTO sessions (user_id, family, user_agent, addr) "
	"VALUES (?, ?, ?, ?)",
	/* STMT_FIND: a family older than the sessions table has no row */
	"SELECT t.id, t.user_id, t.family, t.expires_at <= NOW(6), "
	"t.replaced_by IS NOT NULL, COALESCE(s.id, 0), "
	"t.revoked_at IS NOT NULL OR s.ended_at IS NOT NULL "
	"FROM refresh_tokens t LEFT JOIN sessions s ON s.family = t.family "
	"WHERE t.token_hash = ? FOR UPDATE",
	/* STMT_REPLACE */
	"UPDATE refresh_tokens SET revoked_at = NOW(6), replaced_by = ? "
	"WHERE id = ? AND revoked_at IS NULL AND replaced_by IS NULL",
	/* STMT_USED */
	"UPDATE sessions SET last_used_at = NOW(6) WHERE id = ?",
	/* STMT_REVOKE_FAMILY */
	"UPDATE refresh_tokens SET revoked_at = NOW(6) "
	"WHERE family = ? AND revoked_at IS NULL",
	/* STMT_END_FAMILY */
	"UPDATE sessions SET ended_at = NOW(6) "
	"WHERE family = ? AND ended_at IS NULL",
	/* STMT_REVOKE_USER */
	"UPDATE refresh_tokens SET revoked_at = NOW(6) "
	"WHERE user_id = ? AND revoked_at IS NULL",
	/* STMT_END_USER */
	"UPDATE sessions SET ended_at = NOW(6) "
	"WHERE user_id = ? AND ended_at IS NULL",
	/* STMT_BUMP: every access token of the user ends at once */
	"UPDATE users SET token_version = token_version + 1 WHERE id = ?",
};

static void
hash_hex(const char *token, char out[65])
{
	util_sha256_hex(out, token, strlen(token));
}

static int
well_formed(const char *token)
{
	return token != NULL && strlen(token) == REFRESH_LEN &&
	    strspn(token, "0123456789abcdef") == REFRESH_LEN;
}

static void
copy_col(struct db_stmt *s, int col, char *out, size_t size)
{
	snprintf(out, size, "%s", db_col_text(s, col, NULL));
}

/*
 * Is the token's user still there, enabled, in the same organisation and
 * on the same token version (no password change, no "sign out
 * everywhere" since), and its session not ended?  1 yes, 0 no, -1
 * database error.  A yes is kept in the process (session_cache.c) until
 * the database says the user, its session or its organisation changed:
 * within a second on every node, at once in this process.
 */
int
session_check_user(struct db *db, const struct principal *p,
    struct user_info *info)
{
	struct db_stmt	*s;
	struct user_info got;
	uint64_t	 gen = changes_generation();
	int		 rc = -1, i = 0;

	if (session_cache_get(p, info))
		return 1;
	if (info == NULL)
		info = &got;

	if ((s = db_prepare(db, stmts[p->session_id > 0 ?
	    STMT_USER_CHECK_SID : STMT_USER_CHECK])) == NULL ||
	    (p->session_id > 0 && db_bind_int(s, i++, p->session_id) == -1) ||
	    db_bind_int(s, i, p->user_id) == -1 ||
	    db_bind_int(s, i + 1, p->token_version) == -1 ||
	    db_bind_int(s, i + 2, p->org_id) == -1)
		goto out;
	switch (db_step(s)) {
	case DB_ROW:
		copy_col(s, 0, info->login, sizeof(info->login));
		copy_col(s, 1, info->name, sizeof(info->name));
		copy_col(s, 2, info->lang, sizeof(info->lang));
		session_cache_put(p, info, gen);
		rc = 1;
		break;
	case DB_DONE:
		rc = 0;
		break;
	default:
		break;
	}
out:
	db_stmt_release(s);
	return rc;
}

/*
 * The principal a token for this user would carry now.  *disabled is
 * set when the user (or its organisation) may not sign in.  Returns 0,
 * 1 if there is no such user, -1 on error.
 */
int
session_load_principal(struct db *db, int64_t user_id, struct principal *p,
    int *disabled)
{
	struct db_stmt	*s;
	int		 rc = -1;

	memset(p, 0, sizeof(*p));
	if ((s = db_prepare(db, stmts[STMT_PRINCIPAL])) == NULL ||
	    db_bind_int(s, 0, user_id) == -1)
		goto out;
	switch (db_step(s)) {
	case DB_ROW:
		p->user_id = user_id;
		p->org_id = db_col_int(s, 0);
		if (org_kind_parse(db_col_text(s, 1, NULL), &p->kind) == -1)
			goto out;
		p->region_id = db_col_int(s, 2);
		p->roles = (unsigned)db_col_int(s, 3) &
		    roles_allowed_for(p->kind);
		p->token_version = db_col_int(s, 4);
		*disabled = db_col_int(s, 5) != 0 || p->roles == 0;
		rc = 0;
		break;
	case DB_DONE:
		rc = 1;
		break;
	default:
		break;
	}
out:
	db_stmt_release(s);
	return rc;
}

/* What a client says it is, kept printable ASCII and short. */
static void
clean(char *out, size_t size, const char *in)
{
	size_t	 i;

	for (i = 0; in != NULL && in[i] != '\0' && i + 1 < size; i++)
		out[i] = in[i] >= 0x20 && in[i] < 0x7f ? in[i] : '?';
	out[i] = '\0';
}

/* A new session (sign-in) of user: its row; *sid gets its id. */
static int
session_new(struct db *db, int64_t user_id, const char *family,
    const char *ua, const char *addr, int64_t *sid)
{
	struct db_stmt	*s;
	char		 agent[SESSION_AGENT_MAX + 1], where[64];
	int		 rc = -1;

	clean(agent, sizeof(agent), ua);
	clean(where, sizeof(where), addr);
	if ((s = db_prepare(db, stmts[STMT_SESSION_NEW])) != NULL &&
	    db_bind_int(s, 0, user_id) == 0 &&
	    db_bind_text(s, 1, family) == 0 &&
	    db_bind_text(s, 2, agent) == 0 &&
	    db_bind_text(s, 3, where) == 0 && db_exec(s) == 0) {
		if (sid != NULL)
			*sid = (int64_t)db_insert_id(s);
		rc = 0;
	}
	db_stmt_release(s);
	return rc;
}

/*
 * Sign-in: a new session of user with its first refresh token, written
 * to out (REFRESH_LEN + 1 bytes); *sid gets the session's id.  ua and
 * addr (either may be NULL) are shown on the account page.  Runs inside
 * the caller's transaction if there is one.
 */
int
session_start(struct db *db, int64_t user_id, const char *ua,
    const char *addr, char *out, int64_t *sid)
{
	char	 fam[33];

	if (util_random_hex(fam, sizeof(fam)) == -1 ||
	    session_new(db, user_id, fam, ua, addr, sid) == -1)
		return -1;
	return session_issue(db, user_id, fam, out, NULL);
}

/*
 * Store a new refresh token for user in family (NULL: a new session
 * without client details) and write it to out (REFRESH_LEN + 1 bytes);
 * *id (if not NULL) gets its row.  Runs inside the caller's transaction
 * if there is one.
 */
int
session_issue(struct db *db, int64_t user_id, const char *family, char *out,
    int64_t *id)
{
	struct db_stmt	*s;
	char		 fam[33], hash[65];
	int		 rc = -1;

	if (util_random_hex(out, REFRESH_LEN + 1) == -1)
		return -1;
	if (family == NULL) {
		if (util_random_hex(fam, sizeof(fam)) == -1 ||
		    session_new(db, user_id, fam, NULL, NULL, NULL) == -1)
			return -1;
		family = fam;
	}
	hash_hex(out, hash);
	if ((s = db_prepare(db, stmts[STMT_INSERT])) == NULL ||
	    db_bind_text(s, 0, hash) == -1 ||
	    db_bind_int(s, 1, user_id) == -1 ||
	    db_bind_text(s, 2, family) == -1 || db_exec(s) == -1)
		goto out;
	if (id != NULL)
		*id = (int64_t)db_insert_id(s);
	rc = 0;
out:
	db_stmt_release(s);
	return rc;
}

static int
run_text(struct db *db, enum stmt which, const char *v)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, stmts[which])) != NULL &&
	    db_bind_text(s, 0, v) == 0 && db_exec(s) == 0)
		rc = 0;
	db_stmt_release(s);
	return rc;
}

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

/*
 * End a session of the user: its refresh tokens and (through "sid") its
 * access tokens; the check's answers for the user kept by this process go
 * at once (the trigger on sessions tells the other processes).
 */
int
session_end_family(struct db *db, const char *family, int64_t user_id)
{
	changes_local("user", user_id);
	return run_text(db, STMT_REVOKE_FAMILY, family) == -1 ||
	    run_text(db, STMT_END_FAMILY, family) == -1 ? -1 : 0;
}

/*
 * Trade a refresh token for a new one (written to out) and the principal
 * to put in a new access token.  0 on success, 1 if the token is not
 * good (unknown, expired, revoked; a reused one revokes its family), -1
 * on a database error.
 */
int
session_rotate(struct db *db, const char *token, struct principal *p,
    char *out)
{
	struct db_stmt	*s;
	char		 hash[65], family[33];
	int64_t		 id, user_id, new_id, sid;
	int		 expired, used, ended, disabled, r, rc = -1;

	if (!well_formed(token))
		return 1;
	hash_hex(token, hash);
	if (db_begin(db) == -1)
		return -1;
	if ((s = db_prepare(db, stmts[STMT_FIND])) == NULL ||
	    db_bind_text(s, 0, hash) == -1)
		goto fail;
	if ((r = db_step(s)) != DB_ROW) {
		db_stmt_release(s);
		if (r == DB_DONE)
			rc = 1;
		goto fail;
	}
	id = db_col_int(s, 0);
	user_id = db_col_int(s, 1);
	copy_col(s, 2, family, sizeof(family));
	expired = db_col_int(s, 3) != 0;
	used = db_col_int(s, 4) != 0;
	sid = db_col_int(s, 5);
	ended = db_col_int(s, 6) != 0;
	db_stmt_release(s);

	/*
	 * A token already traded for the next one, again: it was copied.
	 * Whoever holds it may also hold access tokens of any of the user's
	 * sessions, so the token version moves on too and every access token
	 * of the user ends now (other sessions renew theirs from their own
	 * refresh tokens).  A token revoked without a successor (signed out,
	 * session ended) is merely no good.
	 */
	if (used) {
		log_warn("refresh token of user %lld reused: family revoked, "
		    "access tokens ended", (long long)user_id);
		if (session_end_family(db, family, user_id) == -1 ||
		    run_id(db, STMT_BUMP, user_id) == -1 ||
		    db_commit(db) == -1)
			goto fail;
		return 1;
	}
	if (expired || ended) {
		rc = 1;
		goto fail;
	}
	if ((r = session_load_principal(db, user_id, p, &disabled)) != 0 ||
	    disabled) {
		if (r == -1)
			goto fail;
		if (session_end_family(db, family, user_id) == -1 ||
		    db_commit(db) == -1)
			goto fail;
		return 1;
	}
	p->session_id = sid;
	if (session_issue(db, user_id, family, out, &new_id) == -1 ||
	    (sid > 0 && run_id(db, STMT_USED, sid) == -1))
		goto fail;
	if ((s = db_prepare(db, stmts[STMT_REPLACE])) == NULL ||
	    db_bind_int(s, 0, new_id) == -1 ||
	    db_bind_int(s, 1, id) == -1 || db_exec(s) == -1 ||
	    db_affected(s) != 1) {
		db_stmt_release(s);
		goto fail;
	}
	db_stmt_release(s);
	if (db_commit(db) == -1)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

/* Revoke the family of this token (logout).  0 also if unknown. */
int
session_revoke(struct db *db, const char *token)
{
	struct db_stmt	*s;
	char		 hash[65], family[33];
	int64_t		 user_id;
	int		 r;

	if (!well_formed(token))
		return 0;
	hash_hex(token, hash);
	if (db_begin(db) == -1)
		return -1;
	if ((s = db_prepare(db, stmts[STMT_FIND])) == NULL ||
	    db_bind_text(s, 0, hash) == -1 || (r = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		db_rollback(db);
		return -1;
	}
	if (r == DB_ROW) {
		copy_col(s, 2, family, sizeof(family));
		user_id = db_col_int(s, 1);
		db_stmt_release(s);
		if (session_end_family(db, family, user_id) == -1) {
			db_rollback(db);
			return -1;
		}
	} else
		db_stmt_release(s);
	return db_commit(db);
}

/* Every session of a user (password change, disable). */
int
session_revoke_user(struct db *db, int64_t user_id)
{
	changes_local("user", user_id);
	return run_id(db, STMT_REVOKE_USER, user_id) == -1 ||
	    run_id(db, STMT_END_USER, user_id) == -1 ? -1 : 0;
}

/*
 * "Sign out everywhere": every session ends and the token version moves
 * on, so any access token of the user, with a session or without, ends.
 * Runs inside the caller's transaction if there is one.
 */
int
session_end_all(struct db *db, int64_t user_id)
{
	return session_revoke_user(db, user_id) == -1 ||
	    run_id(db, STMT_BUMP, user_id) == -1 ? -1 : 0;
}
