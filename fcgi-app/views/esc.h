/* esc.h: escaping for HTML text and attributes, and for URLs */
#ifndef VIEWS_ESC_H
#define VIEWS_ESC_H

#include <stddef.h>

#include "../core/buf.h"

int	esc_html(struct buf *, const char *, size_t);
int	esc_url(struct buf *, const char *, size_t);

#endif
