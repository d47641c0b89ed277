/*
 * notify_smtp.c: one message to one recipient through the configured
 * relay, with libcurl's SMTP client (STARTTLS when the relay offers it,
 * or required by an smtps:// URL; AUTH when a user is configured).
 * Bounded by notify_settings.timeout; no signals (we run in threads).
 * TLS is required but for a relay on this machine without a login.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#define CONF_ADDR	700	/* an address in angle brackets */

#include "../core/stop.h"
#include "notify.h"

struct upload {
	const char	*p;
	size_t		 left;
};

static size_t
feed(char *out, size_t size, size_t n, void *arg)
{
	struct upload	*u = arg;
	size_t		 len = size * n < u->left ? size * n : u->left;

	memcpy(out, u->p, len);
	u->p += len;
	u->left -= len;
	return len;
}

/* A thread's handle, cleaned up when the thread ends (for LeakSanitizer too). */
static pthread_key_t	 handle_key;
static pthread_once_t	 handle_once = PTHREAD_ONCE_INIT;

static void
handle_free(void *c)
{
	curl_easy_cleanup(c);
}

static void
handle_key_make(void)
{
	pthread_key_create(&handle_key, handle_free);
}

static CURL *
thread_handle(void)
{
	CURL	*c;

	pthread_once(&handle_once, handle_key_make);
	if ((c = pthread_getspecific(handle_key)) != NULL) {
		curl_easy_reset(c);
		return c;
	}
	if ((c = curl_easy_init()) != NULL &&
	    pthread_setspecific(handle_key, c) != 0) {
		curl_easy_cleanup(c);
		c = NULL;
	}
	return c;
}

/* A transfer in flight gives up when the process is shutting down. */
static int
on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	(void)arg;
	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	return stop_requested();
}

/*
 * What every outgoing call of ours sets: no signals (we run in threads),
 * the connect and whole-call timeouts, no proxy from the environment (a
 * proxy would hide where a call really goes), no redirects, http(s) or
 * smtp(s) only, and an early end on shutdown.
 */
void
notify_curl_common(CURL *c, long timeout, char *errbuf)
{
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,smtp,smtps");
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
}

/*
 * The relay is this machine: STARTTLS is welcome, not required.  Any
 * other relay, or any with a login, must speak TLS, so that neither the
 * password nor a reset link goes in clear.
 */
static long
tls_level(const struct notify_settings *s)
{
	const char	*h = strstr(s->smtp_url, "://");

	h = h != NULL ? h + 3 : s->smtp_url;
	if (s->smtp_user[0] == '\0' && (strncmp(h, "127.0.0.1", 9) == 0 ||
	    strncmp(h, "localhost", 9) == 0 || strncmp(h, "[::1]", 5) == 0))
		return (long)CURLUSESSL_TRY;
	return (long)CURLUSESSL_ALL;
}

/* Once, before any thread starts. */
int
notify_smtp_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

/*
 * Send msg (headers and body, CRLF lines) to the address to.  0 sent (the
 * relay took it), -1 not, with why in err.
 */
int
notify_smtp_send(const char *to, const char *msg, size_t len, char *err,
    size_t errsz)
{
	const struct notify_settings	*s = &notify_settings;
	struct upload			 u = { msg, len };
	struct curl_slist		*rcpt = NULL;
	char				 from[CONF_ADDR], addr[CONF_ADDR];
	char				 cerr[CURL_ERROR_SIZE] = "";
	CURL				*c;
	CURLcode			 rc;

	if (strpbrk(to, "<>\r\n ") != NULL || strchr(to, '@') == NULL) {
		snprintf(err, errsz, "not an address: %s", to);
		return -1;
	}
	/*
	 * One handle a thread (the delivery tick's), reset for each message,
	 * so that its connection to the relay is kept and reused: a batch of
	 * messages is one SMTP session, not one TCP and TLS handshake each.
	 */
	if ((c = thread_handle()) == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	snprintf(from, sizeof(from), "<%.256s>", s->smtp_from);
	snprintf(addr, sizeof(addr), "<%s>", to);
	rcpt = curl_slist_append(rcpt, addr);
	curl_easy_setopt(c, CURLOPT_URL, s->smtp_url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, feed);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE, (long)len);
	curl_easy_setopt(c, CURLOPT_USE_SSL, tls_level(s));
	notify_curl_common(c, (long)s->timeout, cerr);
	if (s->smtp_user[0] != '\0') {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD,
		    s->smtp_password != NULL ? s->smtp_password : "");
	}
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		snprintf(err, errsz, "%s", cerr[0] ? cerr :
		    curl_easy_strerror(rc));
	curl_slist_free_all(rcpt);
	return rc == CURLE_OK ? 0 : -1;
}
