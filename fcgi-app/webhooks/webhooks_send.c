/*
 * webhooks_send.c: one delivery, POSTed with libcurl and signed.
 *
 * The signature header is "t=<unix time>,v1=<hex HMAC-SHA256 of
 * '<t>.<body>' under the subscription's secret>", so that a receiver can
 * check the body and refuse an old replay.  No redirects are followed,
 * only http and https are spoken, and unless webhooks_private_ok (the
 * local stack, the tests) a host that resolves to a loopback, private or
 * link-local address is refused: a dealer admin's URL must not reach
 * into our own network.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <curl/curl.h>

#include "../core/sign.h"
#include "../notify/notify.h"
#include "webhooks.h"

#define TIMEOUT		10	/* seconds a delivery may take */

int	webhooks_private_ok;

/* 1 if a is loopback, private, link-local or unspecified. */
int
webhooks_inward(const struct sockaddr *a)
{
	const unsigned char	*b;
	uint32_t		 v;

	if (a->sa_family == AF_INET) {
		v = ntohl(((const struct sockaddr_in *)(const void *)a)->
		    sin_addr.s_addr);
		return (v >> 24) == 127 || (v >> 24) == 10 || (v >> 24) == 0 ||
		    (v >> 20) == 0xac1 || (v >> 16) == 0xc0a8 ||
		    (v >> 16) == 0xa9fe || (v >> 22) == 0x191 ||
		    (v >> 17) == (0xc612 >> 1) ||	/* 198.18/15 */
		    (v >> 8) == 0xc00000 ||		/* 192.0.0/24 */
		    (v >> 29) == 7;			/* 224/3 */
	}
	if (a->sa_family == AF_INET6) {
		b = ((const struct sockaddr_in6 *)(const void *)a)->
		    sin6_addr.s6_addr;
		return IN6_IS_ADDR_LOOPBACK((const struct in6_addr *)b) ||
		    IN6_IS_ADDR_UNSPECIFIED((const struct in6_addr *)b) ||
		    IN6_IS_ADDR_LINKLOCAL((const struct in6_addr *)b) ||
		    IN6_IS_ADDR_SITELOCAL((const struct in6_addr *)b) ||
		    IN6_IS_ADDR_MULTICAST((const struct in6_addr *)b) ||
		    (b[0] & 0xfe) == 0xfc || IN6_IS_ADDR_V4MAPPED(
		    (const struct in6_addr *)b) ||
		    (b[0] == 0x20 && b[1] == 0x02) ||	/* 6to4 */
		    (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff &&
		    b[3] == 0x9b);			/* NAT64 */
	}
	return 1;
}

static curl_socket_t
open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	(void)arg;
	(void)purpose;
	if (!webhooks_private_ok && webhooks_inward(&a->addr))
		return CURL_SOCKET_BAD;
	return socket(a->family, a->socktype, a->protocol);
}

/* The receiver's answer is not kept. */
static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/*
 * POST body (event type, its id) to url, signed with secret.  0 when the
 * receiver answered 2xx, else -1 with why in err; *status is its HTTP
 * status, 0 if none came.
 */
int
webhooks_post(const char *url, const char *secret, const char *body,
    const char *type, int64_t event, int64_t delivery, long *status,
    char *err, size_t errsz)
{
	struct curl_slist	*h = NULL;
	char			 line[256], sig[128];
	char			 cerr[CURL_ERROR_SIZE] = "";
	CURL			*c;
	CURLcode		 rc;

	*status = 0;
	if ((c = curl_easy_init()) == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	sign_header(secret, (int64_t)time(NULL), body, sig, sizeof(sig));
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "User-Agent: Dealernet-Webhooks/1");
	snprintf(line, sizeof(line), "X-Dealernet-Event: %s", type);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof(line), "X-Dealernet-Event-Id: %lld",
	    (long long)event);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof(line), "X-Dealernet-Delivery: %lld",
	    (long long)delivery);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof(line), "X-Dealernet-Signature: %s", sig);
	h = curl_slist_append(h, line);
	curl_easy_setopt(c, CURLOPT_URL, url);
	notify_curl_common(c, (long)TIMEOUT, cerr);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	/* what the subscriber may read: a category, not our resolver's words */
	if (rc != CURLE_OK)
		snprintf(err, errsz, "%s", rc == CURLE_OPERATION_TIMEDOUT ?
		    "timed out" : rc == CURLE_COULDNT_RESOLVE_HOST ||
		    rc == CURLE_COULDNT_CONNECT ? "could not connect" :
		    rc == CURLE_SSL_CONNECT_ERROR ||
		    rc == CURLE_PEER_FAILED_VERIFICATION ? "TLS failed" :
		    "the request failed");
	else if (*status < 200 || *status > 299)
		snprintf(err, errsz, "answered %ld", *status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return rc == CURLE_OK && *status >= 200 && *status <= 299 ? 0 : -1;
}
