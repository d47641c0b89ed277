/*
 * notify_sms.c: one text message through the configured HTTP gateway: a
 * JSON POST whose body is the configured template with {to} and {text}
 * filled in (JSON-escaped), signed as webhooks are (core/sign.c) with the
 * gateway's secret; a 2xx answer is "sent".  Bounded by the send timeout;
 * no redirects.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "../core/buf.h"
#include "../core/sign.h"
#include "notify.h"

static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* s as the inside of a JSON string (no quotes). */
static void
json_inner(struct buf *b, const char *s)
{
	cJSON	*j = cJSON_CreateString(s);
	char	*q = j != NULL ? cJSON_PrintUnformatted(j) : NULL;

	if (q != NULL && strlen(q) >= 2)
		buf_add(b, q + 1, strlen(q) - 2);
	cJSON_free(q);
	cJSON_Delete(j);
}

/* The template with {to} and {text} filled in. */
void
notify_sms_body(const char *tpl, const char *to, const char *text,
    struct buf *b)
{
	const char	*p;

	for (p = tpl; *p != '\0'; p++) {
		if (strncmp(p, "{to}", 4) == 0) {
			json_inner(b, to);
			p += 3;
		} else if (strncmp(p, "{text}", 6) == 0) {
			json_inner(b, text);
			p += 5;
		} else
			buf_addc(b, *p);
	}
}

/* Send text to the number to: 0 sent, -1 not (why in err). */
int
notify_sms_send(const char *to, const char *text, char *err, size_t errsz)
{
	const struct notify_settings	*s = &notify_settings;
	struct curl_slist		*h = NULL;
	struct buf			 body;
	char				 line[160], sig[128];
	char				 cerr[CURL_ERROR_SIZE] = "";
	long				 status = 0;
	CURL				*c;
	CURLcode			 rc;

	if (s->sms_url[0] == '\0') {
		snprintf(err, errsz, "no sms_url configured");
		return -1;
	}
	if ((c = curl_easy_init()) == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	buf_init(&body);
	notify_sms_body(s->sms_template, to, text, &body);
	sign_header(s->sms_secret != NULL ? s->sms_secret : "",
	    (int64_t)time(NULL), buf_cstr(&body), sig, sizeof(sig));
	h = curl_slist_append(h, "Content-Type: application/json");
	snprintf(line, sizeof(line), "X-Dealernet-Signature: %s", sig);
	h = curl_slist_append(h, line);
	curl_easy_setopt(c, CURLOPT_URL, s->sms_url);
	notify_curl_common(c, (long)s->timeout, cerr);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, buf_cstr(&body));
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body.len);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	if ((rc = curl_easy_perform(c)) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (rc != CURLE_OK)
		snprintf(err, errsz, "%s", cerr[0] ? cerr :
		    curl_easy_strerror(rc));
	else if (status < 200 || status > 299)
		snprintf(err, errsz, "the gateway answered %ld", status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	buf_free(&body);
	return rc == CURLE_OK && status >= 200 && status <= 299 ? 0 : -1;
}
