/* testing.h: routes that exist only in test builds (DEALERNET_TEST_ROUTES) */
#ifndef TESTING_TESTING_H
#define TESTING_TESTING_H

struct req;

int	testing_sleep_get(struct req *);
int	testing_echo_post(struct req *);
int	testing_db_get(struct req *);
int	testing_db_cache_get(struct req *);
int	testing_deadlock_post(struct req *);
int	testing_db_fault_get(struct req *);
int	testing_db_fault_post(struct req *);

#endif
