/* chart_view.h: the pieces every chart's view shares, inside views/ */
#ifndef VIEWS_CHART_VIEW_H
#define VIEWS_CHART_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "chart.h"

void	 chart_view_str(cJSON *, const char *, const char *);
void	 chart_view_int(cJSON *, const char *, int64_t);
cJSON	*chart_view_new(const struct chart *, const char *);
void	 chart_view_scale(enum chart_unit, int64_t, int64_t, int, int,
	    struct chart_scale *);
const char *chart_view_x(const struct chart *, int, char *, size_t);
void	 chart_view_head(cJSON *, const char *);
void	 chart_view_cell(cJSON *, const char *);
void	 chart_view_table(const struct chart *, int, cJSON *);
void	 chart_view_target(const struct chart *, char *, size_t);
void	 chart_view_describe(const struct chart *, cJSON *);

#endif
