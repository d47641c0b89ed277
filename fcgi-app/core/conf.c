/* conf.c: the one configuration file, with environment overrides */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <unistd.h>

#include "conf.h"
#include "util.h"

enum conf_type { CONF_T_STR, CONF_T_INT };

struct conf_key {
	const char	*name;
	enum conf_type	 type;
	size_t		 off;
	int		 min, max;
};

#define S(f)		{ #f, CONF_T_STR, offsetof(struct conf, f), 0, 0 }
#define I(f, lo, hi)	{ #f, CONF_T_INT, offsetof(struct conf, f), lo, hi }

static const struct conf_key keys[] = {
	S(listen), S(login_listen), S(fcgi_allow), I(workers, 0, 256), I(backlog, 1, 65535),
	S(db_socket), S(db_host), I(db_port, 1, 65535), S(db_name),
	S(db_user), S(db_password_file), S(migrate_user),
	S(migrate_password_file), S(secret_file), S(templates_dir), S(attachments_dir),
	S(migrations_dir), S(log_level), I(cookie_secure, 0, 1),
	I(max_body, 1024, 64 * 1024 * 1024), I(db_timeout, 1, 600),
	I(shutdown_grace, 0, 3600), I(hash_slots, 1, 64),
	I(login_threads, 0, 256), I(hash_wait_ms, 1, 60000),
	I(nightly_tiers, 0, 1), I(db_sync_wait, 0, 15), I(db_lock_wait, 1, 3600),
	I(tx_retries, 0, 10), S(smtp_url), S(smtp_from), S(smtp_user),
	S(smtp_password_file), S(public_url), I(notifications, 0, 1),
	I(notify_attempts, 1, 100),
	I(notify_retry_base, 1, 3600), I(notify_timeout, 1, 60),
	I(webhook_private_ok, 0, 1), S(sms_url), S(sms_template),
	S(sms_secret_file), I(service_accept_minutes, 1, 1440),
	I(service_parts_days, 1, 90), I(service_followup_hours, 1, 720),
};

void
conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->listen, sizeof(c->listen), "var/run/app.sock");
	snprintf(c->fcgi_allow, sizeof(c->fcgi_allow), "127.0.0.1");
	c->backlog = 1024;
	snprintf(c->db_host, sizeof(c->db_host), "127.0.0.1");
	c->db_port = 3306;
	snprintf(c->db_name, sizeof(c->db_name), "dealernet");
	snprintf(c->db_user, sizeof(c->db_user), "dealernet");
	snprintf(c->secret_file, sizeof(c->secret_file), "var/secret");
	snprintf(c->templates_dir, sizeof(c->templates_dir), "templates");
	snprintf(c->attachments_dir, sizeof(c->attachments_dir),
	    "var/attachments");
	snprintf(c->migrations_dir, sizeof(c->migrations_dir), "migrations");
	snprintf(c->log_level, sizeof(c->log_level), "info");
	c->cookie_secure = 1;
	c->max_body = 1024 * 1024;
	c->db_timeout = 10;
	c->shutdown_grace = 30;
	c->hash_slots = 2;
	c->hash_wait_ms = 500;
	c->nightly_tiers = 1;
	c->db_sync_wait = 1;
	c->db_lock_wait = 5;
	c->tx_retries = 3;
	snprintf(c->smtp_from, sizeof(c->smtp_from),
	    "noreply@dealernet.invalid");
	snprintf(c->public_url, sizeof(c->public_url), "http://127.0.0.1:8080");
	c->notifications = 1;
	c->notify_attempts = 30;
	c->notify_retry_base = 30;
	c->notify_timeout = 30;
	snprintf(c->sms_template, sizeof(c->sms_template),
	    "{\"to\":\"{to}\",\"text\":\"{text}\"}");
	c->service_accept_minutes = 15;
	c->service_parts_days = 7;
	c->service_followup_hours = 48;
}

int
conf_set(struct conf *c, const char *key, const char *val, char *err,
    size_t errsz)
{
	const struct conf_key	*k;
	char			*end;
	long			 v;
	size_t			 i;

	for (i = 0; i < NELEM(keys); i++) {
		k = &keys[i];
		if (strcmp(k->name, key) != 0)
			continue;
		if (k->type == CONF_T_STR) {
			if (strlen(val) >= CONF_STR) {
				snprintf(err, errsz, "%s: value too long", key);
				return -1;
			}
			snprintf((char *)c + k->off, CONF_STR, "%s", val);
			return 0;
		}
		errno = 0;
		v = strtol(val, &end, 10);
		if (errno != 0 || end == val || *end != '\0' ||
		    v < k->min || v > k->max) {
			snprintf(err, errsz, "%s: want an integer %d..%d", key,
			    k->min, k->max);
			return -1;
		}
		*(int *)(void *)((char *)c + k->off) = (int)v;
		return 0;
	}
	snprintf(err, errsz, "unknown setting '%s'", key);
	return -1;
}

static char *
trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* "key = value" lines; '#' starts a comment line. */
int
conf_load(struct conf *c, const char *path, char *err, size_t errsz)
{
	char	*text, *line, *next, *eq, *k;
	char	 sub[200];
	int	 lineno = 0, rc = -1;

	if (util_read_file(path, &text, NULL, 1 << 20) == -1) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (line = text; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line = trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		if ((eq = strchr(line, '=')) == NULL) {
			snprintf(err, errsz, "%s:%d: want key = value", path,
			    lineno);
			goto out;
		}
		*eq = '\0';
		k = trim(line);
		if (conf_set(c, k, trim(eq + 1), sub, sizeof(sub)) == -1) {
			snprintf(err, errsz, "%s:%d: %s", path, lineno, sub);
			goto out;
		}
	}
	rc = 0;
out:
	free(text);
	return rc;
}

/* DEALERNET_DB_HOST=... overrides db_host, and so on for every key. */
int
conf_env(struct conf *c, char *err, size_t errsz)
{
	char	 name[64];
	char	*v;
	size_t	 i, j;

	for (i = 0; i < NELEM(keys); i++) {
		snprintf(name, sizeof(name), "DEALERNET_%s", keys[i].name);
		for (j = 0; name[j] != '\0'; j++)
			name[j] = (char)toupper((unsigned char)name[j]);
		if ((v = getenv(name)) == NULL)
			continue;
		if (conf_set(c, keys[i].name, v, err, errsz) == -1)
			return -1;
	}
	return 0;
}

/*
 * A secret file must be mode 0600 (no group or other bits: the unit runs
 * with group www-data so that nginx reaches the socket, and a group-readable
 * secret would be nginx's too) and owned by the user the app runs as.
 * Surrounding white space is dropped.  An empty path reads as an empty
 * secret.
 */
int
conf_read_secret(const char *path, char **out, size_t *len, char *err,
    size_t errsz)
{
	struct stat	 st;
	char		*p, *t;

	*out = NULL;
	*len = 0;
	if (path[0] == '\0')
		return 0;
	if (stat(path, &st) == -1) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		snprintf(err, errsz, "%s: mode %04o; a secret must be mode "
		    "0600 (chmod 0600 %s)", path,
		    (unsigned)(st.st_mode & 07777), path);
		return -1;
	}
	if (st.st_uid != geteuid()) {
		snprintf(err, errsz, "%s: owned by uid %lu, not by the user "
		    "the app runs as (uid %lu); chown it", path,
		    (unsigned long)st.st_uid, (unsigned long)geteuid());
		return -1;
	}
	if (util_read_file(path, &p, NULL, 4096) == -1) {
		snprintf(err, errsz, "%s: cannot read", path);
		return -1;
	}
	t = trim(p);
	memmove(p, t, strlen(t) + 1);
	*out = p;
	*len = strlen(p);
	return 0;
}

/*
 * fcgi_allow ("127.0.0.1, 10.0.0.5") as libfcgi's FCGI_WEB_SERVER_ADDRS
 * wants it: IPv4 addresses (it compares with inet_addr()), commas, no
 * spaces.  An empty list would let any peer in, so it is refused.
 */
int
conf_addr_list(const char *in, char *out, size_t size, char *err,
    size_t errsz)
{
	char		 buf[CONF_STR], *tok, *save = NULL, *a;
	struct in_addr	 ia;
	size_t		 n = 0;
	int		 len;

	if (strlen(in) >= sizeof(buf) || size == 0) {
		snprintf(err, errsz, "fcgi_allow: too long");
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", in);
	out[0] = '\0';
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		a = trim(tok);
		if (inet_pton(AF_INET, a, &ia) != 1) {
			snprintf(err, errsz, "fcgi_allow: '%s' is not an IPv4 "
			    "address", a);
			return -1;
		}
		len = snprintf(out + n, size - n, "%s%s", n ? "," : "", a);
		if (len < 0 || (size_t)len >= size - n) {
			snprintf(err, errsz, "fcgi_allow: too long");
			return -1;
		}
		n += (size_t)len;
	}
	if (n == 0) {
		snprintf(err, errsz, "fcgi_allow: list the IPv4 addresses of "
		    "the web servers that may connect");
		return -1;
	}
	return 0;
}
