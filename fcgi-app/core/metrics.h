/* metrics.h: counters and histograms, written out as Prometheus text */
#ifndef CORE_METRICS_H
#define CORE_METRICS_H

#include <stddef.h>

#include "buf.h"

int	metrics_init(const char *const *, const char *const *, size_t);
void	metrics_request(long, int, double);
void	metrics_inflight(int);
void	metrics_db_error(void);
void	metrics_db_connect(void);
void	metrics_db_retry(void);
void	metrics_password_hash(void);
void	metrics_password_busy(void);
void	metrics_render(struct buf *, const char *, double);
/* a feature's own metrics, appended by metrics_render (at start-up) */
int	metrics_add(void (*)(struct buf *));

#endif
