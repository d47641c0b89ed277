/* routes.h: the route table, the only place that knows every feature */
#ifndef ROUTES_H
#define ROUTES_H

#include <stddef.h>

#include "http/http.h"

extern const struct route	routes[];
extern const size_t		nroutes;

void	routes_cap_roles(unsigned *);

/* The pages' menu, in the order shown (http_settings.menu). */
extern const struct http_menu	routes_menu[];
extern const size_t		routes_nmenu;
/* The roles the pages' header shows the search box. */
extern const unsigned		routes_search_roles;
/* The count the pages' header shows beside "Notifications". */
int64_t	routes_unread(struct req *);

/*
 * A dealernetd command run once against the database and exiting with
 * its answer: 0, 1 (it failed) or 2 (wrong arguments).  argv[0] is its
 * name; a seed's is the seed's name (dealernetd seed NAME ...).
 */
struct routes_command {
	const char	*name;
	const char	*args;		/* its usage line: after the name, */
	const char	*what;		/* and what it does */
	int		(*run)(struct db *, int, char **);
	int		 owner;		/* as the schema owner */
};

extern const struct routes_command	routes_commands[];
extern const size_t			routes_ncommands;
extern const struct routes_command	routes_seeds[];
extern const size_t			routes_nseeds;

#endif
