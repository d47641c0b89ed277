/* ops.h: health, metrics and the API's front door */
#ifndef OPS_OPS_H
#define OPS_OPS_H

struct req;

void	ops_set_started(double);
int	ops_healthz_get(struct req *);
int	ops_metrics_get(struct req *);
int	ops_api_root_get(struct req *);

#endif
