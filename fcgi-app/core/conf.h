/* conf.h: the one configuration file, with environment overrides */
#ifndef CORE_CONF_H
#define CORE_CONF_H

#include <stddef.h>

#define CONF_STR	256

struct conf {
	char	listen[CONF_STR];	/* unix socket path, or host:port */
	char	login_listen[CONF_STR];	/* sign-in's own socket; empty = none */
	char	fcgi_allow[CONF_STR];	/* web servers that may connect by TCP */
	int	workers;		/* worker threads; 0 = 2 x cores */
	int	backlog;
	char	db_socket[CONF_STR];	/* unix socket; empty = TCP */
	char	db_host[CONF_STR];	/* or "h1:p1,h2:p2", tried in turn */
	int	db_port;
	char	db_name[CONF_STR];
	char	db_user[CONF_STR];
	char	db_password_file[CONF_STR];
	char	migrate_user[CONF_STR];	/* empty = db_user */
	char	migrate_password_file[CONF_STR];
	char	secret_file[CONF_STR];
	char	templates_dir[CONF_STR];
	char	attachments_dir[CONF_STR];	/* shared by every app node */
	char	migrations_dir[CONF_STR];
	char	log_level[CONF_STR];
	int	cookie_secure;
	int	max_body;		/* bytes */
	int	db_timeout;		/* seconds, connect/read/write */
	int	shutdown_grace;		/* seconds to finish in-flight work */
	int	hash_slots;		/* argon2id hashes at once (64 MiB each) */
	int	login_threads;		/* sign-in's threads (see README) */
	int	hash_wait_ms;		/* longest wait for a hashing slot */
	int	nightly_tiers;		/* the tier run after 02:00 China time */
	int	db_sync_wait;		/* wsrep_sync_wait on a Galera node */
	int	db_lock_wait;		/* innodb_lock_wait_timeout, seconds */
	int	tx_retries;		/* reruns of a request on 1213/1205 */
	char	smtp_url[CONF_STR];	/* smtp://host:port; empty = no mail */
	char	smtp_from[CONF_STR];	/* the sender's address */
	char	smtp_user[CONF_STR];	/* empty = no AUTH */
	char	smtp_password_file[CONF_STR];
	char	public_url[CONF_STR];	/* the portal, for links in messages */
	int	notifications;		/* 0: changes notify nobody */
	int	notify_attempts;	/* sends of a message before it is dead */
	int	notify_retry_base;	/* seconds before its first retry */
	int	notify_timeout;		/* seconds one send may take */
	int	webhook_private_ok;	/* webhooks may reach private hosts */
	char	sms_url[CONF_STR];	/* the SMS gateway; empty = no SMS */
	char	sms_template[CONF_STR];	/* its JSON body: {to}, {text} */
	char	sms_secret_file[CONF_STR];	/* signs each call */
	int	service_accept_minutes;	/* an offer's time to be accepted */
	int	service_parts_days;	/* a spare part's lead-time target */
	int	service_followup_hours;	/* the follow-up call's due time */
};

void	conf_defaults(struct conf *);
int	conf_load(struct conf *, const char *, char *, size_t);
int	conf_set(struct conf *, const char *, const char *, char *, size_t);
int	conf_env(struct conf *, char *, size_t);
int	conf_read_secret(const char *, char **, size_t *, char *, size_t);
int	conf_addr_list(const char *, char *, size_t, char *, size_t);

#endif
