/* req.c: request data and its parameter lists */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

static const char *const method_names[HTTP_METHOD__MAX] = {
	"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"
};

const char *
http_method_name(enum http_method m)
{
	return (unsigned)m < HTTP_METHOD__MAX ? method_names[m] : "?";
}

int
http_method_parse(const char *s, enum http_method *out)
{
	int	 i;

	for (i = 0; i < HTTP_METHOD__MAX; i++)
		if (strcmp(s, method_names[i]) == 0) {
			*out = (enum http_method)i;
			return 0;
		}
	return -1;
}

const char *
http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default:  return "Unknown";
	}
}

/* A FastCGI parameter, or NULL. */
const char *
http_env(const struct req *r, const char *name)
{
	char	**e;
	size_t	  n = strlen(name);

	if (r->envp == NULL)
		return NULL;
	for (e = r->envp; *e != NULL; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

void
http_params_free(struct http_params *p)
{
	size_t	 i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].value);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

int
http_params_add(struct http_params *p, const char *name, size_t nlen,
    const char *value, size_t vlen)
{
	struct http_param	*v;
	size_t			 cap;

	if (p->n >= HTTP_MAX_PARAMS)
		return -1;
	if (p->n == p->cap) {
		cap = p->cap ? p->cap * 2 : 8;
		if ((v = realloc(p->v, cap * sizeof(*v))) == NULL)
			return -1;
		p->v = v;
		p->cap = cap;
	}
	v = &p->v[p->n];
	if ((v->name = malloc(nlen + 1)) == NULL)
		return -1;
	if ((v->value = malloc(vlen + 1)) == NULL) {
		free(v->name);
		return -1;
	}
	memcpy(v->name, name, nlen);
	v->name[nlen] = '\0';
	memcpy(v->value, value, vlen);
	v->value[vlen] = '\0';
	v->len = vlen;
	p->n++;
	return 0;
}

/* The first value of that name, or NULL. */
const char *
http_params_get(const struct http_params *p, const char *name)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return p->v[i].value;
	return NULL;
}

const char *
http_query(const struct req *r, const char *name)
{
	return http_params_get(&r->query, name);
}

const char *
http_formval(const struct req *r, const char *name)
{
	return http_params_get(&r->form, name);
}

const char *
http_cookie(const struct req *r, const char *name)
{
	return http_params_get(&r->cookies, name);
}

const char *
http_param(const struct req *r, const char *name)
{
	return http_params_get(&r->params, name);
}

/* The path parameter name as a positive id; 0 when it is not one. */
int64_t
http_param_id(const struct req *r, const char *name)
{
	const char	*p = http_param(r, name);
	char		*end;
	long long	 v;

	if (p == NULL || *p < '1' || *p > '9')
		return 0;
	errno = 0;
	v = strtoll(p, &end, 10);
	return *end == '\0' && errno == 0 ? v : 0;
}

void
http_req_free(struct req *r)
{
	free(r->path);
	http_params_free(&r->query);
	http_params_free(&r->form);
	http_params_free(&r->cookies);
	http_params_free(&r->params);
	free(r->body);
	if (r->stash != NULL && r->stash_free != NULL)
		r->stash_free(r->stash);
	cJSON_Delete(r->json);
	cJSON_Delete(r->err.fields);
	buf_free(&r->headers);
	buf_free(&r->out);
	memset(r, 0, sizeof(*r));
}
