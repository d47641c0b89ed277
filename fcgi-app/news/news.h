/* news.h: news and announcements, and the dealer's home page (§6) */
#ifndef NEWS_NEWS_H
#define NEWS_NEWS_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct db;
struct fault;
struct principal;
struct req;

#define NEWS_REGIONS_MAX	42

/* An item to post. */
struct news_new {
	const char		*text[4];	/* title_zh, title_en, body_zh,
						 * body_en; "" if none */
	int			 tiers;		/* bit 0 A .. bit 3 D; 0 all;
						 * -1: not a list of tiers */
	const char *const	*regions;	/* codes; an entry NULL: not one */
	int			 nregions;	/* 0 all; -1: not a list */
};

/* news_db.c */
cJSON	*news_recent(struct db *, const struct principal *, const char *, int);
int	news_page(struct db *, const struct principal *, const char *, int,
	    int64_t, int, cJSON **);
int	news_store(struct db *, const struct principal *,
	    const struct news_new *, const char *, int64_t *, struct fault *);
int	news_state_row(struct db *, int64_t, int *, int64_t *);
int	news_active_row(struct db *, int64_t, int, int64_t);

/* news_ops.c: each returns the status it stands for */
void	news_tiers_text(int, char *, size_t);
int	news_create(struct db *, const struct principal *,
	    const struct news_new *, int64_t *, struct fault *);
int	news_set_active(struct db *, const struct principal *, int64_t, int,
	    int64_t, struct fault *);

/* news_http.c */
int	news_list_get(struct req *);
int	news_list_read(struct req *, int, cJSON **);
int	news_create_post(struct req *);
int	news_patch(struct req *);
cJSON	*news_latest(struct req *, struct db *, int);

/* news_pages.c */
int	news_page_get(struct req *);
int	news_admin_page_get(struct req *);
int	news_admin_page_post(struct req *);
int	news_admin_item_post(struct req *);

/* news_seed.c */
int	news_seed_demo(struct db *);

#endif
