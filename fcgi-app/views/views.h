/* views.h: pages from templates, in the reader's language */
#ifndef VIEWS_VIEWS_H
#define VIEWS_VIEWS_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "../core/buf.h"

enum lang { LANG_ZH, LANG_EN, LANG__MAX };

int		 views_init(const char *, char *, size_t);
void		 views_free(void);
enum lang	 views_lang_pick(const char *, const char *);
const char	*views_lang_code(enum lang);
int		 views_lang_parse(const char *, enum lang *);
const char	*views_text(enum lang, const char *);
int		 views_render(const char *, enum lang, const char *, cJSON *,
		    struct buf *);

#endif
