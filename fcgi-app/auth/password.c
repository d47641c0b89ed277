/*
 * password.c: argon2id through libsodium, a few at a time
 *
 * Each hash takes crypto_pwhash's interactive memory (64 MiB); a
 * semaphore lets only a few run at once, so a login storm queues instead
 * of exhausting memory.  An unknown login is verified against a dummy
 * hash, so it costs the same time as a known one.
 */
#include <semaphore.h>
#include <string.h>

#include <sodium.h>

#include "../core/util.h"
#include "auth.h"

static sem_t	 slots;
static int	 ready;
static char	 dummy[crypto_pwhash_STRBYTES];

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

static void
take(void)
{
	while (sem_wait(&slots) == -1)
		;
}

/* out holds crypto_pwhash_STRBYTES. */
int
password_hash(const char *pw, char *out, size_t size)
{
	int	 rc;

	if (size < crypto_pwhash_STRBYTES || !ready)
		return -1;
	take();
	rc = crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE);
	sem_post(&slots);
	return rc == 0 ? 0 : -1;
}

/* 1 if pw matches the stored argon2id string, else 0. */
int
password_verify(const char *stored, const char *pw)
{
	int	 rc;

	if (!ready || strncmp(stored, "$argon2id$", 10) != 0)
		return 0;
	take();
	rc = crypto_pwhash_str_verify(stored, pw, strlen(pw));
	sem_post(&slots);
	return rc == 0;
}

/* Spend the time of a verification for a login that does not exist. */
void
password_burn(const char *pw)
{
	password_verify(dummy, pw);
}

/* Long enough, not too long, UTF-8. */
int
password_acceptable(const char *pw)
{
	size_t	 n = strlen(pw);

	return n >= PASSWORD_MIN && n <= PASSWORD_MAX &&
	    util_utf8_valid(pw, n);
}
