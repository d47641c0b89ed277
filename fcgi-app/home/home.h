/* home.h: the home page and the language switch */
#ifndef HOME_HOME_H
#define HOME_HOME_H

#include <cjson/cJSON.h>

struct req;

int	home_index_get(struct req *);
int	home_lang_get(struct req *);

/* home_dashboard.c */
int	home_dashboard(struct req *, cJSON *);

#endif
