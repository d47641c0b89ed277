/* routes.h: the route table, the only place that knows every feature */
#ifndef ROUTES_H
#define ROUTES_H

#include <stddef.h>

#include "http/http.h"

extern const struct route	routes[];
extern const size_t		nroutes;

void	routes_cap_roles(unsigned *);

#endif
