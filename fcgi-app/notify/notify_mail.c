/*
 * notify_mail.c: a notification as an e-mail (RFC 5322 + MIME): a plain
 * text part and an HTML part, both UTF-8, the subject encoded as RFC 2047
 * asks, in the recipient's language, with a link to the object and a
 * List-Unsubscribe link to the recipient's preferences.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "../core/buf.h"
#include "../core/util.h"
#include "../views/esc.h"
#include "../views/views.h"
#include "notify.h"

/* Where an object is shown: "/orders/NUMBER" (after base, e.g. a host). */
void
notify_object_path(const char *base, const char *type, const char *ref,
    struct buf *b)
{
	if (strcmp(type, "queue") == 0 || strcmp(type, "news") == 0) {
		buf_printf(b, "%s/%s", base, *type == 'q' ? "approvals" : "news");
		return;
	}
	if (strcmp(type, "statement") == 0 && strchr(ref, '/') != NULL) {
		/* "DEALER/PERIOD" */
		buf_printf(b, "%s/dealers/%.*s/statements/", base,
		    (int)(strchr(ref, '/') - ref), ref);
		esc_url(b, strchr(ref, '/') + 1, strlen(strchr(ref, '/') + 1));
		return;
	}
	buf_printf(b, "%s/%s/", base, strcmp(type, "order") == 0 ? "orders" :
	    strcmp(type, "complaint") == 0 ? "complaints" : "notifications");
	esc_url(b, ref, strlen(ref));
}

/*
 * A value typed by someone (a carrier, a waybill) into a message: control
 * characters become spaces, so that no line break reaches a mail's body
 * or headers, and it stays within a mail's line.
 */
static void
put_value(struct buf *b, const char *s, int html)
{
	char	 v[512];
	size_t	 i;

	snprintf(v, sizeof(v), "%s", s);
	for (i = 0; v[i] != '\0'; i++)
		if ((unsigned char)v[i] < ' ' || v[i] == 0x7f)
			v[i] = ' ';
	if (html)
		esc_html(b, v, strlen(v));
	else
		buf_adds(b, v);
}

/*
 * text with each {name} replaced by params' name (a string or a number);
 * an unknown name stays as it is.  html: escape what is put in.
 */
static void
fill(struct buf *b, const char *text, const cJSON *params, int html)
{
	const char	*p, *e;
	const cJSON	*v;
	char		 name[32], num[32];
	const char	*s;

	for (p = text; *p != '\0'; p = e) {
		if (*p != '{' || (e = strchr(p, '}')) == NULL ||
		    (size_t)(e - p - 1) >= sizeof(name)) {
			e = p + 1;
			if (html)
				esc_html(b, p, 1);
			else
				buf_addc(b, *p);
			continue;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(e - p - 1), p + 1);
		v = cJSON_GetObjectItemCaseSensitive(params, name);
		s = cJSON_IsString(v) ? v->valuestring : NULL;
		if (cJSON_IsNumber(v)) {
			snprintf(num, sizeof(num), "%lld",
			    (long long)v->valuedouble);
			s = num;
		}
		if (s == NULL)
			s = "";
		put_value(b, s, html);
		e++;
	}
}

/*
 * Where a message of kind sends its reader: the kind's link with params
 * filled in (a password reset's page), else the object's page.
 */
void
notify_link(const char *base, const char *kind, const char *type,
    const char *ref, const char *params, struct buf *b)
{
	const struct notify_kind	*k = notify_kind_find(kind);
	cJSON				*p;

	if (k == NULL || k->link == NULL) {
		notify_object_path(base, type, ref, b);
		return;
	}
	if (!cJSON_IsObject(p = cJSON_Parse(params))) {
		cJSON_Delete(p);
		p = cJSON_CreateObject();
	}
	buf_adds(b, base);
	fill(b, k->link, p, 0);
	cJSON_Delete(p);
}

static enum lang
lang_of(const char *code)
{
	enum lang	 l;

	return views_lang_parse(code, &l) == 0 ? l : LANG_ZH;
}

/*
 * The one line that says what happened, e.g. "Order ... has shipped", in
 * the language lang ("zh-CN", "en"), from the kind's message with params
 * filled in (html: escaped for HTML).
 */
void
notify_text(const char *lang, const char *kind, const char *ref,
    const char *params, int html, struct buf *b)
{
	const struct notify_kind	*k = notify_kind_find(kind);
	cJSON				*p = cJSON_Parse(params);

	if (!cJSON_IsObject(p)) {
		cJSON_Delete(p);
		p = cJSON_CreateObject();
	}
	if (!cJSON_HasObjectItem(p, "number"))
		cJSON_AddStringToObject(p, "number", ref);
	fill(b, views_text(lang_of(lang), k != NULL ? k->text : kind), p,
	    html);
	cJSON_Delete(p);
}

static void
headline(const struct notify_message *m, struct buf *b, int html)
{
	notify_text(m->lang, m->kind, m->object_ref, m->params, html, b);
}

/*
 * A header value as RFC 2047 encoded words, =?UTF-8?B?...?=, each of at
 * most 75 characters (45 bytes of text, cut between UTF-8 characters),
 * folded onto lines of their own.
 */
static void
encoded_words(struct buf *b, const char *s)
{
	char	 out[64];
	size_t	 len = strlen(s), n, words = 0;

	while (len > 0 && words++ < 40) {
		n = len < 45 ? len : 45;
		while (n < len && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;		/* not inside a character */
		sodium_bin2base64(out, sizeof(out), (const unsigned char *)s,
		    n, sodium_base64_VARIANT_ORIGINAL);
		buf_printf(b, "%s=?UTF-8?B?%s?=", words > 1 ? "\r\n " : "", out);
		s += n;
		len -= n;
	}
}

/* The whole message, headers and body, lines ending CRLF. */
int
notify_mail_compose(const struct notify_message *m, struct buf *b)
{
	struct buf	 subj, link, prefs;
	enum lang	 l = lang_of(m->lang);
	char		 date[64], bound[40] = "dn-";
	time_t		 now = time(NULL);
	struct tm	 tm;

	/* a boundary no value can guess */
	if (util_random_hex(bound + 3, 33) == -1)
		return -1;
	buf_init(&subj);
	buf_init(&link);
	buf_init(&prefs);
	headline(m, &subj, 0);
	notify_link(notify_settings.public_url, m->kind, m->object_type,
	    m->object_ref, m->params, &link);
	buf_printf(&prefs, "%s/account/notifications",
	    notify_settings.public_url);
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	buf_printf(b, "From: Dealernet <%s>\r\nTo: %s\r\nSubject: ",
	    notify_settings.smtp_from, m->to);
	encoded_words(b, buf_cstr(&subj));
	buf_printf(b, "\r\nDate: %s\r\n"
	    "Message-ID: <notify-%lld.%lld@dealernet>\r\n"
	    "MIME-Version: 1.0\r\n"
	    "List-Unsubscribe: <%s>\r\n"
	    "Content-Type: multipart/alternative; boundary=\"%s\"\r\n"
	    "\r\n", date, (long long)m->event_id, (long long)m->outbox_id,
	    buf_cstr(&prefs), bound);
	/* the plain text part */
	buf_printf(b, "--%s\r\nContent-Type: text/plain; charset=UTF-8"
	    "\r\nContent-Transfer-Encoding: 8bit\r\n\r\n", bound);
	buf_printf(b, "%s\r\n\r\n%s:\r\n%s\r\n\r\n-- \r\n%s:\r\n%s\r\n",
	    buf_cstr(&subj), views_text(l, "notify_mail_open"),
	    buf_cstr(&link), views_text(l, "notify_mail_prefs"),
	    buf_cstr(&prefs));
	/* the HTML part */
	buf_printf(b, "--%s\r\nContent-Type: text/html; charset=UTF-8"
	    "\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
	    "<!doctype html>\r\n<html lang=\"%s\"><body>\r\n<p>",
	    bound, views_lang_code(l));
	headline(m, b, 1);
	buf_adds(b, "</p>\r\n<p><a href=\"");
	esc_html(b, buf_cstr(&link), link.len);
	buf_adds(b, "\">");
	esc_html(b, views_text(l, "notify_mail_open"),
	    strlen(views_text(l, "notify_mail_open")));
	buf_adds(b, "</a></p>\r\n<p><small><a href=\"");
	esc_html(b, buf_cstr(&prefs), prefs.len);
	buf_adds(b, "\">");
	esc_html(b, views_text(l, "notify_mail_prefs"),
	    strlen(views_text(l, "notify_mail_prefs")));
	buf_printf(b, "</a></small></p>\r\n</body></html>\r\n--%s--\r\n",
	    bound);
	buf_free(&subj);
	buf_free(&link);
	buf_free(&prefs);
	return b->oom ? -1 : 0;
}
