/* tpl.h: a small mustache-like template engine over cJSON */
#ifndef VIEWS_TPL_H
#define VIEWS_TPL_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "../core/buf.h"

#define TPL_MAX_NESTING	32	/* open sections in one template */
#define TPL_MAX_PARTIAL	16	/* partials inside partials */
#define TPL_MAX_SIZE	(1024 * 1024)
#define TPL_MAX_STEPS	2000000UL	/* nodes one render may visit */
#define TPL_MAX_OUTPUT	(16 * 1024 * 1024)	/* bytes one render may write */

struct tpl;

struct tpl_set {
	struct tpl	*v;
	size_t		 n;
};

int	tpl_set_add(struct tpl_set *, const char *, const char *, size_t,
	    char *, size_t);
int	tpl_set_load_dir(struct tpl_set *, const char *, char *, size_t);
int	tpl_set_has(const struct tpl_set *, const char *);
void	tpl_set_free(struct tpl_set *);
int	tpl_render(const struct tpl_set *, const char *, const cJSON *,
	    struct buf *);

#endif
