/*
 * notify.h: what the portal tells people, and how it gets to them
 *
 * A change that notifies calls notify_event() inside its transaction: one
 * row, the event.  The delivery tick (notify_tick(), every second in every
 * app worker) fans each committed event out once into notifications (the
 * portal's list) and outbox rows (messages to send), and sends those with
 * bounded retries and backoff.  A library: it includes no feature, so
 * every feature may notify through it.
 */
#ifndef NOTIFY_NOTIFY_H
#define NOTIFY_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

struct db;

/* Channels, as the notification_prefs SET spells them. */
#define NOTIFY_PORTAL	(1u << 0)
#define NOTIFY_EMAIL	(1u << 1)
#define NOTIFY_SMS	(1u << 2)

#define NOTIFY_KIND_MAX	40	/* characters of a kind */

/*
 * Whose users a kind goes to: the event's org's (its dealer, or for a
 * region's digest the region), the dealer's region's, HQ's, or one user's.
 */
enum notify_audience {
	NOTIFY_DEALER, NOTIFY_REGION, NOTIFY_HQ, NOTIFY_USER,
	NOTIFY_AUDIENCE__MAX
};
/* the event's org's users, whatever its kind (a provider's agents) */
#define NOTIFY_ORG	NOTIFY_DEALER

/* A kind: who gets it and, unless they chose otherwise, how. */
struct notify_kind {
	const char		*kind;		/* "order.shipped" */
	enum notify_audience	 audience;
	unsigned		 roles;		/* the audience's users with one */
	unsigned		 channels;	/* the default channels */
	const char		*text;		/* its message key */
	const char		*link;		/* "/reset?token={token}"; NULL:
						 * the object's page */
	int			 secret;	/* its params go once it is sent */
	int			 fixed;		/* not one's to turn off */
};

/* Delivery settings, set once at start-up (main.c from the conf). */
struct notify_settings {
	char	 smtp_url[256];		/* "smtp://127.0.0.1:2525"; "" = no mail */
	char	 smtp_from[256];	/* the address; From: adds "Dealernet" */
	char	 smtp_user[256];
	char	*smtp_password;		/* from a file; NULL = no AUTH */
	char	 public_url[256];	/* links in messages: "https://..." */
	int	 attempts;		/* then dead */
	int	 retry_base;		/* seconds before the first retry */
	int	 timeout;		/* seconds one send may take */
	char	 sms_url[256];		/* the gateway; "" = no SMS */
	char	 sms_template[512];	/* the JSON body, {to} and {text} */
	char	*sms_secret;		/* signs each call; from a file */
	int	 enabled;		/* 0: changes notify nobody */
};
extern struct notify_settings notify_settings;

/* notify_kinds.c */
const struct notify_kind *notify_kind_find(const char *);
size_t		 notify_kinds(const struct notify_kind **);
int		 notify_channels_parse(const char *, unsigned *);
void		 notify_channels_text(unsigned, char *, size_t);

/* notify_event.c */
int	notify_event(struct db *, const char *, const char *, const char *,
	    int64_t, const char *);
int	notify_event_user(struct db *, const char *, const char *,
	    const char *, int64_t, const char *);

/* notify_fanout.c */
#define NOTIFY_FANOUT_BATCH	50	/* events a call fans out, at most */
int	notify_fanout(struct db *, int *);

/* notify_deliver.c: a queue of rows to send, claimed one by one */
#define NOTIFY_QUEUE_BATCH	20	/* rows a run sends, at most */
struct notify_queue {
	const char	*sql_due;	/* ids due, bound to a count */
	const char	*sql_claim;	/* bound to seconds, the id */
	int		 claim;		/* seconds a claim holds */
	int		(*send)(struct db *, int64_t);
	int		 budget;	/* seconds a run claims new rows */
};
int	notify_queue_run(struct db *, const struct notify_queue *, int *);
int	notify_deliver(struct db *, int *);
void	notify_tick(struct db *);
int64_t	notify_backoff(int, int);

/* notify_mail.c */
struct buf;
struct notify_message {
	int64_t		 outbox_id, event_id;
	const char	*to, *name, *lang;
	const char	*kind, *object_type, *object_ref, *params;
};
int	notify_mail_compose(const struct notify_message *, struct buf *);
void	notify_text(const char *, const char *, const char *, const char *,
	    int, struct buf *);
void	notify_object_path(const char *, const char *, const char *,
	    struct buf *);
void	notify_link(const char *, const char *, const char *, const char *,
	    const char *, struct buf *);

/* notify_metrics.c */
enum notify_count {
	NOTIFY_QUEUED, NOTIFY_SENT, NOTIFY_FAILED, NOTIFY_DEAD,
	NOTIFY_COUNT__MAX
};
void	notify_count(enum notify_count, const char *, unsigned long);
void	notify_metrics_render(struct buf *, struct db *);

/* notify_sms.c */
void	notify_sms_body(const char *, const char *, const char *, struct buf *);
int	notify_sms_send(const char *, const char *, char *, size_t);

/* notify_smtp.c */
typedef void CURL;
void	notify_curl_common(CURL *, long, char *);
int	notify_smtp_init(void);
int	notify_smtp_send(const char *, const char *, size_t, char *, size_t);

#endif
