/* home.h: the home page and the language switch */
#ifndef HOME_HOME_H
#define HOME_HOME_H

#include <stdint.h>

#include <cjson/cJSON.h>

struct req;

int	home_index_get(struct req *);
int	home_lang_get(struct req *);

/* home_db.c: an open order's or complaint's row */
#define HOME_ROWS	5
struct home_row {
	char	 number[32], status[24];
	int64_t	 total;			/* an order's, fen */
	char	 promised[11];		/* an order's date; "" none */
	char	 subject[801];		/* a complaint's */
	long	 minutes;		/* to a complaint's next clock */
};
struct db;
int	home_rows_read(struct db *, int64_t, int, struct home_row *);

/* home_dashboard.c */
int	home_dashboard(struct req *, cJSON *);

#endif
