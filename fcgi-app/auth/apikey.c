/*
 * apikey.c: API keys of machine clients: make one, resolve one
 *
 * A key is shown once and stored only as its SHA-256 (binary, through
 * UNHEX), so a request finds its key by looking the hash up: no key is
 * compared byte by byte, and a stolen table gives no key.  The key acts
 * as its user (the same principal a token would carry) with a mask of
 * capabilities; the dispatcher checks those against the route.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "apikey.h"

enum stmt { STMT_RESOLVE, STMT_TOUCH, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	/* STMT_RESOLVE: the key, its user, and whether last use is stale */
	"SELECT k.id, k.capabilities + 0, k.last_used_at IS NULL OR "
	"k.last_used_at < NOW() - INTERVAL 1 MINUTE, u.id, u.org_id, o.kind, "
	"CASE o.kind WHEN 'region' THEN o.id ELSE COALESCE(o.region_id, 0) "
	"END, u.roles + 0, u.token_version, u.login, u.display_name, u.lang "
	"FROM api_keys k JOIN users u ON u.id = k.user_id "
	"JOIN orgs o ON o.id = u.org_id WHERE k.key_hash = UNHEX(?) AND "
	"k.revoked_at IS NULL AND u.disabled = 0 AND o.active = 1",
	/* STMT_TOUCH: at most once a minute, so a busy key costs one read */
	"UPDATE api_keys SET last_used_at = NOW() WHERE id = ? AND "
	"(last_used_at IS NULL OR last_used_at < NOW() - INTERVAL 1 MINUTE)",
};

/*
 * Which roles each capability is any use to: the roles of the routes it
 * opens, as the route table says (set once at start-up from routes.c);
 * all zero until then, when nothing is refused for it.
 */
static unsigned	 cap_roles[CAP__COUNT];

void
apikey_set_cap_roles(const unsigned *roles)
{
	memcpy(cap_roles, roles, sizeof(cap_roles));
}

/* The capabilities in caps that no role in roles could use, or 0. */
unsigned
apikey_caps_unusable(unsigned caps, unsigned roles)
{
	unsigned	 bad = 0;
	int		 i;

	for (i = 0; i < CAP__COUNT; i++)
		if ((caps & (1u << i)) && cap_roles[i] != 0 &&
		    (cap_roles[i] & roles) == 0)
			bad |= 1u << i;
	return bad;
}

static const char *const cap_names[CAP__COUNT] = {
	"read", "feed:read", "orders:track", "ledger:post", "stock:write",
	"sellthrough:write"
};

const char *
apikey_cap_name(unsigned bit)
{
	int	 i;

	for (i = 0; i < CAP__COUNT; i++)
		if (bit == 1u << i)
			return cap_names[i];
	return NULL;
}

int
apikey_cap_parse(const char *s, unsigned *bit)
{
	int	 i;

	for (i = 0; s != NULL && i < CAP__COUNT; i++)
		if (strcmp(s, cap_names[i]) == 0) {
			*bit = 1u << i;
			return 0;
		}
	return -1;
}

/* "read,feed:read" into a mask; -1 if a name is unknown or none given. */
int
apikey_caps_parse_list(const char *list, unsigned *mask)
{
	char		 buf[256], *tok, *save = NULL;
	unsigned	 bit;

	if (strlen(list) >= sizeof(buf))
		return -1;
	snprintf(buf, sizeof(buf), "%s", list);
	*mask = 0;
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (apikey_cap_parse(tok, &bit) == -1)
			return -1;
		*mask |= bit;
	}
	return *mask != 0 ? 0 : -1;
}

static int
hex_only(const char *s, size_t n)
{
	return strspn(s, "0123456789abcdef") >= n;
}

int
apikey_well_formed(const char *k)
{
	return k != NULL && strlen(k) == APIKEY_LEN &&
	    strncmp(k, APIKEY_TAG, 4) == 0 && hex_only(k + 4, APIKEY_PREFIX) &&
	    k[4 + APIKEY_PREFIX] == '_' &&
	    hex_only(k + 5 + APIKEY_PREFIX, 64);
}

/* The SHA-256 of a key, in hex (65 bytes), for UNHEX() in the SQL. */
void
apikey_hash_hex(const char *key, char *out, size_t size)
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)key, strlen(key));
	if (size >= 2 * sizeof(h) + 1)
		util_hex(out, h, sizeof(h));
	else if (size > 0)
		out[0] = '\0';
	sodium_memzero(h, sizeof(h));
}

/* A new key into key (APIKEY_LEN + 1) and its prefix (APIKEY_PREFIX + 1). */
int
apikey_new(char *key, size_t ksize, char *prefix, size_t psize)
{
	char	 pre[APIKEY_PREFIX + 1], sec[65];

	if (ksize < APIKEY_LEN + 1 || psize < APIKEY_PREFIX + 1 ||
	    util_random_hex(pre, sizeof(pre)) == -1 ||
	    util_random_hex(sec, sizeof(sec)) == -1)
		return -1;
	snprintf(key, ksize, "%s%s_%s", APIKEY_TAG, pre, sec);
	snprintf(prefix, psize, "%s", pre);
	sodium_memzero(sec, sizeof(sec));
	return 0;
}

static void
copy_col(struct db_stmt *s, int col, char *out, size_t size)
{
	snprintf(out, size, "%s", db_col_text(s, col, NULL));
}

/*
 * The principal, user and capabilities of a key: 0, 1 if it is no key
 * (unknown, revoked, its user disabled), -1 on a database error.
 */
int
apikey_resolve(struct db *db, const char *key, struct principal *p,
    struct user_info *info, unsigned *caps)
{
	struct db_stmt	*s = NULL;
	char		 hash[65];
	int64_t		 id = 0;
	int		 rc = -1, stale = 0;

	memset(p, 0, sizeof(*p));
	*caps = 0;
	if (!apikey_well_formed(key))
		return 1;
	apikey_hash_hex(key, hash, sizeof(hash));
	if ((s = db_prepare(db, stmts[STMT_RESOLVE])) == NULL ||
	    db_bind_text(s, 0, hash) == -1)
		goto out;
	switch (db_step(s)) {
	case DB_ROW:
		break;
	case DB_DONE:
		rc = 1;
		goto out;
	default:
		goto out;
	}
	id = db_col_int(s, 0);
	*caps = (unsigned)db_col_int(s, 1) & CAP__ALL;
	stale = db_col_int(s, 2) != 0;
	p->user_id = db_col_int(s, 3);
	p->org_id = db_col_int(s, 4);
	if (org_kind_parse(db_col_text(s, 5, NULL), &p->kind) == -1)
		goto out;
	p->region_id = db_col_int(s, 6);
	p->roles = (unsigned)db_col_int(s, 7) & roles_allowed_for(p->kind);
	p->token_version = db_col_int(s, 8);
	if (info != NULL) {
		copy_col(s, 9, info->login, sizeof(info->login));
		copy_col(s, 10, info->name, sizeof(info->name));
		copy_col(s, 11, info->lang, sizeof(info->lang));
	}
	rc = p->roles != 0 && *caps != 0 ? 0 : 1;
out:
	db_stmt_release(s);
	if (rc == 0 && stale) {
		/* last use is a hint: a failed write does not refuse the key */
		s = db_prepare(db, stmts[STMT_TOUCH]);
		if (s == NULL || db_bind_int(s, 0, id) == -1 ||
		    db_exec(s) == -1)
			log_warn("api key %lld: last use not recorded",
			    (long long)id);
		db_stmt_release(s);
	}
	if (rc != 0) {
		memset(p, 0, sizeof(*p));
		*caps = 0;
	}
	return rc;
}
