/* stop.h: the process is shutting down: long background work ends early */
#ifndef CORE_STOP_H
#define CORE_STOP_H

void	stop_request(void);
int	stop_requested(void);

#endif
