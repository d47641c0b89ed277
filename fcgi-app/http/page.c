/* page.c: pages and error answers, with what every page shows */
#include <stdio.h>
#include <string.h>

#include "../auth/auth.h"
#include "../core/log.h"
#include "../core/util.h"
#include "../views/views.h"
#include "http.h"

/* The request's language: its cookie's or header's, Chinese by default. */
enum lang
http_lang(const struct req *r)
{
	enum lang	 l = LANG_ZH;

	views_lang_parse(r->lang, &l);
	return l;
}

/* A message of the catalogue in the request's language. */
const char *
http_i18n(const struct req *r, const char *key)
{
	return views_text(http_lang(r), key);
}

/* The menu shows the item to the caller (see struct http_menu). */
static int
menu_shown(const struct req *r, const struct http_menu *m)
{
	return m->roles == 0 || (r->authed && (r->who.roles & m->roles));
}

/* The menu item at path is shown to the caller. */
int
http_menu_shows(const struct req *r, const char *path)
{
	size_t	 i;

	for (i = 0; i < http_settings.nmenu; i++)
		if (strcmp(http_settings.menu[i].path, path) == 0)
			return menu_shown(r, &http_settings.menu[i]);
	return 0;
}

/*
 * The menu's items the caller is shown (routes.c), the current page's
 * marked.  Every item says whether it is current: a name missing in the
 * item would be looked up in the page's own values.
 */
static void
page_menu(struct req *r, cJSON *ctx)
{
	const struct http_menu	*m;
	cJSON			*list, *it;
	size_t			 i;

	list = cJSON_AddArrayToObject(ctx, "menu");
	for (i = 0; list != NULL && i < http_settings.nmenu; i++) {
		m = &http_settings.menu[i];
		if (!menu_shown(r, m) || (it = cJSON_CreateObject()) == NULL)
			continue;
		cJSON_AddStringToObject(it, "path", m->path);
		cJSON_AddStringToObject(it, "label", http_i18n(r, m->label));
		cJSON_AddBoolToObject(it, "current", r->path != NULL &&
		    strcmp(r->path, m->path) == 0);
		cJSON_AddItemToArray(list, it);
	}
}

/*
 * What every page shows: the signed-in user and the roles' menu.  An
 * error page never starts a CSRF seed: a stray request (a favicon, say)
 * racing the page that did would replace its cookie and void its forms.
 */
static void
page_common(struct req *r, cJSON *ctx, int error)
{
	char		 idem[33];
	cJSON		*me;

	if (!error || r->csrf_seed[0] != '\0')
		cJSON_AddStringToObject(ctx, "csrf", http_csrf_token(r));
	/* a fresh key for forms whose posts are idempotent, unless kept */
	if (!error && !cJSON_HasObjectItem(ctx, "idem") &&
	    util_random_hex(idem, sizeof(idem)) == 0)
		cJSON_AddStringToObject(ctx, "idem", idem);
	page_menu(r, ctx);
	if (!r->authed)
		return;
	me = cJSON_AddObjectToObject(ctx, "me");
	cJSON_AddStringToObject(me, "login", r->user.login);
	cJSON_AddStringToObject(me, "name", r->user.name);
	if (r->who.roles & http_settings.search_roles)
		cJSON_AddBoolToObject(me, "search", 1);
	if (!error && http_settings.unread != NULL)
		cJSON_AddNumberToObject(me, "unread",
		    (double)http_settings.unread(r));
}

/* Render page (ctx is deleted here) as the response body. */
int
http_page(struct req *r, int status, const char *page, cJSON *ctx)
{
	enum lang	 l = LANG_ZH;

	buf_reset(&r->out);
	if (ctx == NULL)
		ctx = cJSON_CreateObject();
	views_lang_parse(r->lang, &l);
	if (ctx != NULL)
		page_common(r, ctx, 0);
	if (ctx == NULL || views_render(page, l, r->path, ctx, &r->out) == -1) {
		cJSON_Delete(ctx);
		buf_reset(&r->out);
		log_error("cannot render %s", page);
		return http_error(r, 500, "internal", "cannot render the page");
	}
	cJSON_Delete(ctx);
	r->content_type = "text/html; charset=utf-8";
	return status;
}

static const char *
default_code(int status)
{
	switch (status) {
	case 400: return "bad_request";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 409: return "conflict";
	case 413: return "payload_too_large";
	case 415: return "unsupported_media_type";
	case 422: return "validation_failed";
	case 429: return "too_many_requests";
	case 503: return "unavailable";
	default:  return status >= 500 ? "internal" : "error";
	}
}

/*
 * The answer for an error: the JSON shape under /api, a page elsewhere
 * (plain text if even that cannot be rendered).
 */
void
http_render_error(struct req *r, int status)
{
	cJSON		*j, *e;
	const char	*code = r->err.code ? r->err.code : default_code(status);
	const char	*msg = r->err.msg[0] ? r->err.msg :
	    http_status_text(status);
	char		 key[32];
	enum lang	 l = LANG_ZH;

	buf_reset(&r->out);
	if (r->is_api) {
		if ((j = cJSON_CreateObject()) == NULL ||
		    (e = cJSON_AddObjectToObject(j, "error")) == NULL) {
			cJSON_Delete(j);
			goto plain;
		}
		cJSON_AddStringToObject(e, "code", code);
		cJSON_AddStringToObject(e, "message", msg);
		cJSON_AddItemToObject(e, "fields", r->err.fields != NULL ?
		    r->err.fields : cJSON_CreateObject());
		r->err.fields = NULL;
		http_json(r, status, j);
		return;
	}
	views_lang_parse(r->lang, &l);
	if ((j = cJSON_CreateObject()) == NULL)
		goto plain;
	snprintf(key, sizeof(key), "error_%d", status);
	cJSON_AddNumberToObject(j, "status", status);
	cJSON_AddStringToObject(j, "title", strcmp(views_text(l, key), key) ?
	    views_text(l, key) : http_status_text(status));
	cJSON_AddStringToObject(j, "message", msg);
	cJSON_AddItemToObject(j, "fields", r->err.fields != NULL ?
	    r->err.fields : cJSON_CreateObject());
	r->err.fields = NULL;
	cJSON_AddStringToObject(j, "request_id", r->request_id);
	page_common(r, j, 1);
	if (views_render("error", l, r->path ? r->path : "/", j, &r->out) == 0) {
		cJSON_Delete(j);
		r->content_type = "text/html; charset=utf-8";
		return;
	}
	cJSON_Delete(j);
plain:
	buf_reset(&r->out);
	buf_printf(&r->out, "%d %s\n", status, http_status_text(status));
	r->content_type = "text/plain; charset=utf-8";
}

/*
 * Render a form's page: ctx with the last refusal's errors (see
 * http_errors_to), the notice (a catalogue key; NULL for none) and the
 * title (text).
 */
int
http_form_page(struct req *r, int status, const char *page, cJSON *ctx,
    const char *notice, const char *title)
{
	http_errors_to(r, ctx);
	if (notice != NULL)
		cJSON_AddStringToObject(ctx, "notice", http_i18n(r, notice));
	cJSON_AddStringToObject(ctx, "title", title);
	return http_page(r, status, page, ctx);
}

/*
 * Move an operation's refusal (its field messages, or its message) into
 * a page's "errors" list, so the form can be shown again with them.
 */
void
http_errors_to(struct req *r, cJSON *ctx)
{
	cJSON	*list, *it, *e;

	if (r->err.fields == NULL && r->err.code == NULL)
		return;
	list = cJSON_AddArrayToObject(ctx, "errors");
	cJSON_ArrayForEach(it, r->err.fields) {
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "field", it->string);
		cJSON_AddStringToObject(e, "message", it->valuestring);
		cJSON_AddItemToArray(list, e);
	}
	if (r->err.fields == NULL) {
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "message", r->err.msg);
		cJSON_AddItemToArray(list, e);
	}
	fault_clear(&r->err);
}
