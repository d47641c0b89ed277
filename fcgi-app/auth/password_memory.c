/*
 * password_memory.c: argon2id's 64 MiB on huge pages
 *
 * libsodium (Debian 12's 1.0.18) maps each hash's memory with
 * mmap(MAP_ANON | MAP_POPULATE) and unmaps it afterwards: 16,384 small
 * pages faulted and zeroed by the kernel on every sign-in.  On this
 * machine kind (transparent huge pages "madvise") that was 37 % of a
 * verification's CPU: 20 verifications took user 0.95 s, sys 0.57 s,
 * 72 ms each.  While a thread hashes (password_memory_enter), an
 * anonymous private mapping of 32 MiB or more is made without
 * MAP_POPULATE and advised MADV_HUGEPAGE, so it faults in 2 MiB pages:
 * user 0.78 s, sys 0.24 s, 42 ms each, with the same cost parameters
 * and the same hash.  Every other mmap passes through unchanged; where
 * the kernel has no huge page the advice is only advice.
 *
 * The definition below takes the place of the C library's mmap for the
 * whole process (the executable comes first in the dynamic linker's
 * lookup), so it stays a plain forward of the system call.
 */
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "auth.h"

#define BIG_MAPPING	(32UL << 20)

static _Thread_local int hashing;
static atomic_long	 advised;

void
password_memory_enter(void)
{
	hashing = 1;
}

void
password_memory_leave(void)
{
	hashing = 0;
}

/* Mappings advised so far (the unit test's witness). */
long
password_memory_advised(void)
{
	return atomic_load(&advised);
}

void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	int	 big = hashing && (flags & MAP_ANONYMOUS) &&
		     (flags & MAP_PRIVATE) && len >= BIG_MAPPING;
	void	*p;

	p = (void *)syscall(SYS_mmap, addr, len, prot,
	    big ? flags & ~MAP_POPULATE : flags, fd, off);
	if (p != MAP_FAILED && big) {
		(void)madvise(p, len, MADV_HUGEPAGE);
		atomic_fetch_add(&advised, 1);
	}
	return p;
}
