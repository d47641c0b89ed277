/* approvals_digest.h: the approvers' daily digest of orders that wait */
#ifndef APPROVALS_APPROVALS_DIGEST_H
#define APPROVALS_APPROVALS_DIGEST_H

struct db;

#define APPROVALS_DIGEST_HOUR	9	/* China's hour it goes out from */

int	approvals_digest(struct db *, int *);
void	approvals_digest_tick(struct db *);
int	approvals_digest_cli(struct db *, int, char **);

#endif
