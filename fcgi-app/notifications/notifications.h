/* notifications.h: one's notifications in the portal, to read and mark */
#ifndef NOTIFICATIONS_NOTIFICATIONS_H
#define NOTIFICATIONS_NOTIFICATIONS_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct fault;
struct req;

#define NOTIFICATIONS_PAGE_MAX	100

/* One notification, as read (notifications_db.c). */
struct notifications_item {
	int64_t	 id;
	char	 kind[41];
	char	 object_type[17];
	char	 object_ref[33];
	char	*params;		/* a JSON object's text */
	char	 created_at[32];	/* RFC 3339, UTC */
	char	 read_at[32];		/* "" while unread */
	char	 created_china[20];	/* "2026-12-04 17:30", China's time */
};

/* A page of them, newest first, and the reader's unread count. */
struct notifications_page {
	struct notifications_item	*v;
	size_t				 n;
	int64_t				 next;	/* the cursor; 0: no more */
	int64_t				 unread;
};

/* A user's contact data and channels (notifications_settings_db.c). */
#define NOTIFICATIONS_KINDS	32	/* kinds one may choose for, at most */
struct notifications_settings {
	int64_t		 user, version;
	char		 email[255];
	char		 mobile[17];
	struct {
		const char	*kind;
		unsigned	 channels, defaults;	/* NOTIFY_* */
		int		 chosen;	/* not the defaults */
	}		 kinds[NOTIFICATIONS_KINDS];
	size_t		 n;
};
/* What a change asks for: NULL email/mobile as they are. */
struct notifications_change {
	const char	*email, *mobile;
	struct {
		const char	*kind;
		unsigned	 channels;
	}		 kinds[NOTIFICATIONS_KINDS];
	size_t		 n;
};
int	notifications_email_ok(const char *);
int	notifications_mobile_ok(const char *);
int	notifications_settings_read(struct db *, int64_t, int, int64_t,
	    struct notifications_settings *, struct fault *);
int	notifications_settings_update(struct db *, int64_t, int, int64_t,
	    int64_t, const struct notifications_change *,
	    struct notifications_settings *, struct fault *);

/* notifications_settings_http.c */
int	notifications_settings_target(struct req *, int64_t *, int *,
	    int64_t *);
int	notifications_settings_get(struct req *);
int	notifications_settings_put(struct req *);

/* notifications_settings_pages.c */
int	notifications_settings_page_get(struct req *);
int	notifications_settings_page_post(struct req *);

/* A message of the outbox, for the admin (notifications_outbox_db.c). */
struct notifications_message {
	int64_t	 id, attempts;
	char	 channel[8], state[10];
	char	 recipient[255];
	char	 last_error[256];
	char	 kind[41], object_ref[33];
	char	 created_at[32];
};
int	notifications_outbox_list(struct db *, const char *, int64_t, int,
	    struct notifications_message **, size_t *, int64_t *);
int	notifications_outbox_resend(struct db *, int64_t, struct fault *);

/* notifications_outbox_http.c */
int	notifications_outbox_get(struct req *);
int	notifications_outbox_resend_post(struct req *);
int	notifications_outbox_page_get(struct req *);
int	notifications_outbox_page_post(struct req *);

/* notifications_db.c */
int	notifications_list(struct db *, int64_t, int64_t, int, int,
	    struct notifications_page *);
void	notifications_page_free(struct notifications_page *);
int64_t	notifications_unread(struct db *, int64_t);
int	notifications_mark_read(struct db *, int64_t, int64_t,
	    struct notifications_item *, struct fault *);
int	notifications_mark_all_read(struct db *, int64_t, int64_t *);

/* notifications_seed.c */
int	notifications_seed_demo(struct db *);

/* notifications_http.c */
int	notifications_list_get(struct req *);
int	notifications_read_post(struct req *);
int	notifications_read_all_post(struct req *);

/* notifications_pages.c */
int64_t	notifications_unread_count(struct req *);
int	notifications_page_get(struct req *);
int	notifications_page_post(struct req *);
int	notifications_open_post(struct req *);

#endif
