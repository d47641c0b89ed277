/* sign.h: the signature header of what the portal POSTs out */
#ifndef CORE_SIGN_H
#define CORE_SIGN_H

#include <stddef.h>
#include <stdint.h>

void	sign_header(const char *, int64_t, const char *, char *, size_t);

#endif
