/*
 * notifications_settings_db.c: a user's e-mail address, mobile number and
 * channels per kind of notification.  One's own, or, for a dealer's admin,
 * those of its dealer's users (an admin: anyone's); anyone else's is not
 * found.  The channels are kept as the user chose them, kind by kind; a
 * kind not chosen keeps its defaults (notify_kinds.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fault.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "notifications.h"

static const char sql_user[] =
	"SELECT id, COALESCE(email, ''), COALESCE(mobile, ''), version "
	"FROM users WHERE id = ? AND (? = 1 OR org_id = ?)";
static const char sql_prefs[] =
	"SELECT kind, channels + 0 FROM notification_prefs WHERE user_id = ?";
static const char sql_contact[] =
	"UPDATE users SET email = NULLIF(?, ''), mobile = NULLIF(?, ''), "
	"version = version + 1 WHERE id = ? AND version = ?";
static const char sql_unpref[] =
	"DELETE FROM notification_prefs WHERE user_id = ? AND kind = ?";
static const char sql_pref[] =
	"INSERT INTO notification_prefs (user_id, kind, channels) VALUES "
	"(?, ?, ?) ON DUPLICATE KEY UPDATE channels = VALUES(channels)";

/* An address: local@domain.tld, printable, at most 254 characters. */
int
notifications_email_ok(const char *e)
{
	const char	*at, *dot;
	size_t		 i, n = strlen(e);

	if (n == 0)
		return 1;	/* none */
	if (n > 254 || (at = strchr(e, '@')) == NULL || at == e ||
	    strchr(at + 1, '@') != NULL || (dot = strrchr(at, '.')) == NULL ||
	    dot == at + 1 || dot[1] == '\0')
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)e[i] <= ' ' || e[i] == 0x7f ||
		    strchr("<>()[]\\,;:\"", e[i]) != NULL)
			return 0;
	return 1;
}

/* A mobile number: an optional "+" and 6 to 15 digits. */
int
notifications_mobile_ok(const char *m)
{
	size_t	 n;

	if (*m == '\0')
		return 1;	/* none */
	m += *m == '+';
	n = strlen(m);
	return n >= 6 && n <= 15 && strspn(m, "0123456789") == n;
}

/*
 * user's settings, if who may see them: 200, 404, 500.  who_all: an
 * admin; else who_org bounds it (one's own org: a dealer admin's users).
 */
int
notifications_settings_read(struct db *db, int64_t user, int who_all,
    int64_t who_org, struct notifications_settings *out, struct fault *f)
{
	const struct notify_kind	*v;
	struct db_stmt			*s;
	size_t				 n, i;
	int				 rc;

	memset(out, 0, sizeof(*out));
	if ((s = db_preparef(db, sql_user, "iii", user, (int64_t)who_all,
	    who_org)) == NULL)
		return 500;
	if ((rc = db_step(s)) == DB_ROW) {
		out->user = db_col_int(s, 0);
		db_col_copy(s, 1, out->email, sizeof(out->email));
		db_col_copy(s, 2, out->mobile, sizeof(out->mobile));
		out->version = db_col_int(s, 3);
	}
	db_stmt_release(s);
	if (rc != DB_ROW)
		return rc == DB_DONE ? fault_set(f, 404, "not_found",
		    "no such user") : 500;
	n = notify_kinds(&v);
	for (i = 0; i < n && i < NOTIFICATIONS_KINDS; i++)
		if (!v[i].fixed) {
			out->kinds[out->n].kind = v[i].kind;
			out->kinds[out->n].channels = v[i].channels;
			out->kinds[out->n].defaults = v[i].channels;
			out->n++;
		}
	if ((s = db_preparef(db, sql_prefs, "i", user)) == NULL)
		return 500;
	while ((rc = db_step(s)) == DB_ROW)
		for (i = 0; i < out->n; i++)
			if (strcmp(out->kinds[i].kind, db_col_text(s, 0,
			    NULL)) == 0) {
				out->kinds[i].channels =
				    (unsigned)db_col_int(s, 1);
				out->kinds[i].chosen = 1;
			}
	db_stmt_release(s);
	return rc == DB_DONE ? 200 : 500;
}

/*
 * Change user's settings at version: in's e-mail and mobile (NULL: as
 * they are) and the channels of the kinds in->kinds names.  200 (out the
 * settings now), 404, 409 (changed since), 422, 500.
 */
int
notifications_settings_update(struct db *db, int64_t user, int who_all,
    int64_t who_org, int64_t version, const struct notifications_change *in,
    struct notifications_settings *out, struct fault *f)
{
	const struct notify_kind	*k;
	size_t				 i;
	char				 set[32];
	int				 rc, dup;

	if (in->email != NULL && !notifications_email_ok(in->email))
		fault_field(f, "email", "an e-mail address, or empty for none");
	if (in->mobile != NULL && !notifications_mobile_ok(in->mobile))
		fault_field(f, "mobile", "a mobile number: + and 6 to 15 digits, "
		    "or empty for none");
	for (i = 0; i < in->n; i++)
		if (notify_kind_find(in->kinds[i].kind) == NULL ||
		    notify_kind_find(in->kinds[i].kind)->fixed)
			fault_field(f, "kinds", "a kind of notification this "
			    "portal sends");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed", "check the fields");
	if ((rc = notifications_settings_read(db, user, who_all, who_org, out,
	    f)) != 200)
		return rc;
	if (db_begin(db) == -1)
		return 500;
	if ((rc = db_execv(db, sql_contact, NULL, "ssii", in->email != NULL ?
	    in->email : out->email, in->mobile != NULL ? in->mobile :
	    out->mobile, user, version)) != 1) {
		dup = rc == -1 && db_is_duplicate(db);
		db_rollback(db);
		if (dup) {
			fault_field(f, "email", "this address is another "
			    "account's");
			return fault_set(f, 409, "conflict", "the address is "
			    "taken");
		}
		return rc == 0 ? fault_set(f, 409, "conflict", "the settings "
		    "changed since version %lld", (long long)version) : 500;
	}
	for (i = 0; i < in->n; i++) {
		/* as the defaults: no choice kept, so later defaults apply */
		k = notify_kind_find(in->kinds[i].kind);
		notify_channels_text(in->kinds[i].channels, set, sizeof(set));
		if ((k != NULL && k->channels == in->kinds[i].channels ?
		    db_execv(db, sql_unpref, NULL, "is", user,
		    in->kinds[i].kind) : db_execv(db, sql_pref, NULL, "iss",
		    user, in->kinds[i].kind, set)) < 0) {
			db_rollback(db);
			return 500;
		}
	}
	if (db_commit(db) == -1)
		return 500;
	return notifications_settings_read(db, user, who_all, who_org, out, f);
}
