/*
 * password.c: argon2id through libsodium, a few at a time
 *
 * Each hash takes crypto_pwhash's interactive memory (64 MiB); a
 * semaphore lets only a few run at once, so a login storm queues instead
 * of exhausting memory.  The queue is bounded twice, because a worker
 * thread waiting for a slot serves nobody else: at most "threads" threads
 * wait for or hold a slot (the others are refused at once), and none
 * waits longer than wait_ms (sign-in's own threads: 60 s, see
 * password_patient).  A refused check is PASSWORD_BUSY, which
 * sign-in answers with 503 and Retry-After.  An unknown login is verified
 * against a dummy hash, so it costs the same time as a known one.  The
 * hash's memory comes on huge pages (password_memory.c).
 */
#include <errno.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "../core/metrics.h"
#include "../core/util.h"
#include "auth.h"

static sem_t		 slots;
static int		 ready;
static atomic_int	 inside;	/* threads waiting for or in a slot */
static int		 max_inside = 1 << 20;	/* the CLI: no bound */
static long		 wait_ms = 60L * 1000;
static _Thread_local int patient;	/* sign-in's own threads */
static char		 dummy[crypto_pwhash_STRBYTES];

int
password_init(int concurrent)
{
	if (!ready && sem_init(&slots, 0, concurrent > 0 ?
	    (unsigned)concurrent : 2) == -1)
		return -1;
	ready = 1;
	if (dummy[0] == '\0' &&
	    password_hash("not-a-password-of-anyone", dummy, sizeof(dummy)) ==
	    -1)
		return -1;
	return 0;
}

/* The server's bounds: threads in the hashing stage, and their wait. */
void
password_limits(int threads, int wait)
{
	max_inside = threads > 0 ? threads : 1;
	wait_ms = wait > 0 ? wait : 1;
}

/*
 * This thread is one of sign-in's own (server.c): it has nothing else to
 * do, so it waits for a slot as long as nginx waits for its answer (60
 * s); the queue is the sign-in socket's, and these threads are bounded.
 */
void
password_patient(void)
{
	patient = 1;
}

/* 0 with a slot held, -1 if none came in time (or too many wait). */
static int
take(void)
{
	struct timespec	 ts;

	if (atomic_fetch_add(&inside, 1) >= max_inside)
		goto busy;
	if (sem_trywait(&slots) == 0)
		return 0;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += patient ? 60 : wait_ms / 1000;
	ts.tv_nsec += patient ? 0 : (wait_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	for (;;) {
		if (sem_timedwait(&slots, &ts) == 0)
			return 0;
		if (errno != EINTR)
			break;
	}
busy:
	atomic_fetch_sub(&inside, 1);
	metrics_password_busy();
	return -1;
}

static void
give(void)
{
	sem_post(&slots);
	atomic_fetch_sub(&inside, 1);
}

/* out holds crypto_pwhash_STRBYTES.  -1 also when no slot came in time. */
int
password_hash(const char *pw, char *out, size_t size)
{
	int	 rc;

	if (size < crypto_pwhash_STRBYTES || !ready || take() == -1)
		return -1;
	metrics_password_hash();
	password_memory_enter();
	rc = crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE);
	password_memory_leave();
	give();
	return rc == 0 ? 0 : -1;
}

/*
 * PASSWORD_OK if pw matches the stored argon2id string, PASSWORD_WRONG
 * if not, PASSWORD_BUSY if no hashing slot came in time.
 */
enum password_result
password_check(const char *stored, const char *pw)
{
	int	 rc;

	if (!ready || strncmp(stored, "$argon2id$", 10) != 0)
		return PASSWORD_WRONG;
	if (take() == -1)
		return PASSWORD_BUSY;
	metrics_password_hash();
	password_memory_enter();
	rc = crypto_pwhash_str_verify(stored, pw, strlen(pw));
	password_memory_leave();
	give();
	return rc == 0 ? PASSWORD_OK : PASSWORD_WRONG;
}

/* 1 if pw matches the stored argon2id string, else 0 (busy included). */
int
password_verify(const char *stored, const char *pw)
{
	return password_check(stored, pw) == PASSWORD_OK;
}

/*
 * Spend the time of a verification for a login that does not exist:
 * PASSWORD_WRONG, or PASSWORD_BUSY like a real check.
 */
enum password_result
password_burn(const char *pw)
{
	return password_check(dummy, pw) == PASSWORD_BUSY ? PASSWORD_BUSY :
	    PASSWORD_WRONG;
}

/* Long enough, not too long, UTF-8. */
int
password_acceptable(const char *pw)
{
	size_t	 n = strlen(pw);

	return n >= PASSWORD_MIN && n <= PASSWORD_MAX &&
	    util_utf8_valid(pw, n);
}
