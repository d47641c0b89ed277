/* news.h: news and announcements, and the dealer's home page (§6) */
#ifndef NEWS_NEWS_H
#define NEWS_NEWS_H

#include <cjson/cJSON.h>

struct db;
struct req;

#define NEWS_REGIONS_MAX	42

/* news_http.c */
int	news_list_get(struct req *);
int	news_list(struct req *, int);
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
