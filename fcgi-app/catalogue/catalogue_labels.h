/* catalogue_labels.h: option values' labels in the reader's language */
#ifndef CATALOGUE_LABELS_H
#define CATALOGUE_LABELS_H

#include <cjson/cJSON.h>

#include "catalogue_pricing.h"

#define LABEL_CHARS	40	/* characters of one label */

int		 catalogue_labels_check(const cJSON *, pricing_error, void *);
const char	*catalogue_label_pick(const cJSON *, const char *);
const char	*catalogue_option_label(const cJSON *, const char *,
		    const char *);
const char	*catalogue_value_label(const cJSON *, const char *,
		    const char *, const char *);

#endif
