/*
 * tpl.c: a small mustache-like template engine over cJSON
 *
 * {{name}} escapes; {{{html_x}}} and {{& html_x}} write raw, and only
 * for names starting "html_" (the reviewed marker: such values are built
 * by our own code, never taken from input).  {{#s}}...{{/s}} is a section
 * (a loop over an array, once for any other true value), {{^s}} its
 * inverse, {{>name}} a partial, {{! ...}} a comment.  Dotted names walk
 * into objects (and list.0 into lists); {{.}} is the current item.  Templates are compiled once;
 * rendering only reads them, so threads share one set.
 * {{at|when}} and {{day|date}} show a time with its zone and a date in the
 * page's language (the root's "lang"; when.c), escaped like any value.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/util.h"
#include "esc.h"
#include "tpl.h"
#include "when.h"

enum op { OP_TEXT, OP_VAR, OP_RAW, OP_SECTION, OP_INVERTED, OP_CLOSE,
	OP_PARTIAL };

enum filter { FILTER_NONE, FILTER_WHEN, FILTER_DATE };

struct node {
	enum op		 op;
	const char	*s;	/* text, or a NUL-terminated name */
	size_t		 len;
	size_t		 close;	/* sections: index of their OP_CLOSE */
	enum filter	 filter;	/* OP_VAR: how the value is shown */
};

struct tpl {
	char		*name;
	char		*src;	/* names point into it, NUL-terminated */
	struct node	*nodes;
	size_t		 n;
};

#define STACK_MAX	(TPL_MAX_NESTING * 2 + 8)

struct render {
	const struct tpl_set	*set;
	struct buf		*out;
	unsigned long		 steps;	/* nodes visited, against TPL_MAX_STEPS */
	const cJSON		*stack[STACK_MAX];
	int			 depth;
	int			 partials;
};

static int
name_ok(const char *s)
{
	if (strcmp(s, ".") == 0)
		return 1;
	if (*s == '\0' || *s == '.')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' ||
		    *s == '-' || *s == '/') || (*s == '.' && s[1] == '.'))
			return 0;
	return s[-1] != '.';
}

/* Raw output only for html_ names: the last segment decides. */
static int
raw_ok(const char *s)
{
	const char	*dot = strrchr(s, '.');

	return strncmp(dot != NULL ? dot + 1 : s, "html_", 5) == 0;
}

static int
add_node(struct tpl *t, size_t *cap, enum op op, const char *s, size_t len)
{
	struct node	*v;

	if (t->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		if ((v = realloc(t->nodes, *cap * sizeof(*v))) == NULL)
			return -1;
		t->nodes = v;
	}
	t->nodes[t->n].op = op;
	t->nodes[t->n].s = s;
	t->nodes[t->n].len = len;
	t->nodes[t->n].close = 0;
	t->nodes[t->n].filter = FILTER_NONE;
	t->n++;
	return 0;
}

static char *
trim(char *s, char *e)
{
	while (s < e && (*s == ' ' || *s == '\t' || *s == '\n'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
		e--;
	*e = '\0';
	return s;
}

static int
compile(struct tpl *t, char *err, size_t errsz)
{
	size_t	 open[TPL_MAX_NESTING], nopen = 0, cap = 0, line = 1;
	char	*p = t->src, *tag, *end, *name, *bar;
	enum op	 op;
	enum filter filter;
	int	 triple;

	while (*p != '\0') {
		if ((tag = strstr(p, "{{")) == NULL)
			tag = p + strlen(p);
		if (tag > p && add_node(t, &cap, OP_TEXT, p,
		    (size_t)(tag - p)) == -1)
			goto oom;
		for (; p < tag; p++)
			line += *p == '\n';
		if (*tag == '\0')
			break;
		triple = tag[2] == '{';
		end = strstr(tag + 2, triple ? "}}}" : "}}");
		if (end == NULL) {
			snprintf(err, errsz, "%s:%zu: unclosed tag", t->name,
			    line);
			return -1;
		}
		for (p = tag; p < end; p++)
			line += *p == '\n';
		p = end + (triple ? 3 : 2);
		name = tag + (triple ? 3 : 2);
		op = triple ? OP_RAW : OP_VAR;
		if (!triple) {
			switch (*name) {
			case '#': op = OP_SECTION; name++; break;
			case '^': op = OP_INVERTED; name++; break;
			case '/': op = OP_CLOSE; name++; break;
			case '>': op = OP_PARTIAL; name++; break;
			case '&': op = OP_RAW; name++; break;
			case '!': continue;
			}
		}
		name = trim(name, end);
		filter = FILTER_NONE;
		if (op == OP_VAR && (bar = strchr(name, '|')) != NULL) {
			*bar++ = '\0';
			if (strcmp(bar, "when") == 0)
				filter = FILTER_WHEN;
			else if (strcmp(bar, "date") == 0)
				filter = FILTER_DATE;
			else {
				snprintf(err, errsz, "%s:%zu: no filter '%s'",
				    t->name, line, bar);
				return -1;
			}
		}
		if (!name_ok(name)) {
			snprintf(err, errsz, "%s:%zu: bad name '%s'", t->name,
			    line, name);
			return -1;
		}
		if (op == OP_RAW && !raw_ok(name)) {
			snprintf(err, errsz, "%s:%zu: raw output of '%s': only "
			    "html_ names may be raw", t->name, line, name);
			return -1;
		}
		if (op == OP_CLOSE) {
			if (nopen == 0 || strcmp(t->nodes[open[nopen - 1]].s,
			    name) != 0) {
				snprintf(err, errsz, "%s:%zu: unexpected "
				    "{{/%s}}", t->name, line, name);
				return -1;
			}
			t->nodes[open[--nopen]].close = t->n;
		}
		if ((op == OP_SECTION || op == OP_INVERTED) &&
		    nopen == TPL_MAX_NESTING) {
			snprintf(err, errsz, "%s:%zu: sections nest too deep",
			    t->name, line);
			return -1;
		}
		if (op == OP_SECTION || op == OP_INVERTED)
			open[nopen++] = t->n;
		if (add_node(t, &cap, op, name, strlen(name)) == -1)
			goto oom;
		t->nodes[t->n - 1].filter = filter;
	}
	if (nopen > 0) {
		snprintf(err, errsz, "%s: {{#%s}} is never closed", t->name,
		    t->nodes[open[nopen - 1]].s);
		return -1;
	}
	return 0;
oom:
	snprintf(err, errsz, "%s: out of memory", t->name);
	return -1;
}

static void
tpl_free_one(struct tpl *t)
{
	free(t->name);
	free(t->src);
	free(t->nodes);
}

/* Compile src (copied) under name; a name already present is replaced. */
int
tpl_set_add(struct tpl_set *set, const char *name, const char *src,
    size_t len, char *err, size_t errsz)
{
	struct tpl	 t, *v;
	size_t		 i;

	memset(&t, 0, sizeof(t));
	if (len > TPL_MAX_SIZE) {
		snprintf(err, errsz, "%s: template too large", name);
		return -1;
	}
	if ((t.name = strdup(name)) == NULL ||
	    (t.src = util_strndup(src, len)) == NULL) {
		snprintf(err, errsz, "%s: out of memory", name);
		goto fail;
	}
	if (compile(&t, err, errsz) == -1)
		goto fail;
	for (i = 0; i < set->n; i++)
		if (strcmp(set->v[i].name, name) == 0) {
			tpl_free_one(&set->v[i]);
			set->v[i] = t;
			return 0;
		}
	if ((v = realloc(set->v, (set->n + 1) * sizeof(*v))) == NULL) {
		snprintf(err, errsz, "%s: out of memory", name);
		goto fail;
	}
	set->v = v;
	set->v[set->n++] = t;
	return 0;
fail:
	tpl_free_one(&t);
	return -1;
}

static int
load_dir(struct tpl_set *set, const char *root, const char *rel, char *err,
    size_t errsz)
{
	char		 path[1024], sub[512], *src;
	struct dirent	*de;
	struct stat	 st;
	size_t		 len, nl;
	DIR		*d;
	int		 rc = -1;

	snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
	if ((d = opendir(path)) == NULL) {
		snprintf(err, errsz, "%s: cannot open", path);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
		    de->d_name);
		snprintf(path, sizeof(path), "%s/%s", root, sub);
		if (stat(path, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (load_dir(set, root, sub, err, errsz) == -1)
				goto out;
			continue;
		}
		nl = strlen(sub);
		if (nl < 6 || strcmp(sub + nl - 5, ".html") != 0)
			continue;
		if (util_read_file(path, &src, &len, TPL_MAX_SIZE) == -1) {
			snprintf(err, errsz, "%s: cannot read", path);
			goto out;
		}
		sub[nl - 5] = '\0';
		if (tpl_set_add(set, sub, src, len, err, errsz) == -1) {
			free(src);
			goto out;
		}
		free(src);
	}
	rc = 0;
out:
	closedir(d);
	return rc;
}

/* Every *.html below dir, named by its path without ".html". */
int
tpl_set_load_dir(struct tpl_set *set, const char *dir, char *err,
    size_t errsz)
{
	return load_dir(set, dir, "", err, errsz);
}

static const struct tpl *
find(const struct tpl_set *set, const char *name)
{
	size_t	 i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->v[i].name, name) == 0)
			return &set->v[i];
	return NULL;
}

int
tpl_set_has(const struct tpl_set *set, const char *name)
{
	return find(set, name) != NULL;
}

void
tpl_set_free(struct tpl_set *set)
{
	size_t	 i;

	for (i = 0; i < set->n; i++)
		tpl_free_one(&set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

/*
 * Copy the segment of a dotted name that starts at *name into seg and
 * move *name past it (to NULL after the last).  -1 if it is too long.
 */
static int
next_segment(const char **name, char *seg, size_t size)
{
	const char	*dot = strchr(*name, '.');
	size_t		 n = dot != NULL ? (size_t)(dot - *name) : strlen(*name);

	if (n >= size)
		return -1;
	memcpy(seg, *name, n);
	seg[n] = '\0';
	*name = dot != NULL ? dot + 1 : NULL;
	return 0;
}

/* Resolve a dotted name: the first segment up the stack, the rest down. */
static const cJSON *
lookup(const struct render *r, const char *name)
{
	const cJSON	*v = NULL;
	char		 seg[128];
	int		 d;

	if (strcmp(name, ".") == 0)
		return r->depth > 0 ? r->stack[r->depth - 1] : NULL;
	if (next_segment(&name, seg, sizeof(seg)) == -1)
		return NULL;
	for (d = r->depth - 1; d >= 0 && v == NULL; d--)
		if (cJSON_IsObject(r->stack[d]))
			v = cJSON_GetObjectItemCaseSensitive(r->stack[d], seg);
	while (v != NULL && name != NULL) {
		if (next_segment(&name, seg, sizeof(seg)) == -1)
			return NULL;
		if (cJSON_IsArray(v) && seg[0] >= '0' && seg[0] <= '9' &&
		    strspn(seg, "0123456789") == strlen(seg) && strlen(seg) < 6)
			v = cJSON_GetArrayItem(v, atoi(seg));	/* list.0 */
		else
			v = cJSON_IsObject(v) ?
			    cJSON_GetObjectItemCaseSensitive(v, seg) : NULL;
	}
	return v;
}

static const cJSON *
lookup_root(const struct render *r, const char *name)
{
	struct render	 root = *r;

	root.depth = r->depth > 0 ? 1 : 0;
	return lookup(&root, name);
}

static int
truthy(const cJSON *v)
{
	if (v == NULL || cJSON_IsNull(v) || cJSON_IsFalse(v))
		return 0;
	if (cJSON_IsArray(v))
		return v->child != NULL;
	if (cJSON_IsString(v))
		return v->valuestring[0] != '\0';
	if (cJSON_IsNumber(v))
		return v->valuedouble != 0;
	return 1;
}

static void
put_value(struct render *r, const cJSON *v, int raw)
{
	char	 num[64];

	if (v == NULL || cJSON_IsNull(v) || cJSON_IsObject(v) ||
	    cJSON_IsArray(v))
		return;
	if (cJSON_IsString(v)) {
		if (raw)
			buf_adds(r->out, v->valuestring);
		else
			esc_html(r->out, v->valuestring,
			    strlen(v->valuestring));
		return;
	}
	if (cJSON_IsBool(v)) {
		buf_adds(r->out, cJSON_IsTrue(v) ? "true" : "false");
		return;
	}
	if (v->valuedouble == floor(v->valuedouble) &&
	    fabs(v->valuedouble) < 1e15)
		snprintf(num, sizeof(num), "%lld", (long long)v->valuedouble);
	else
		snprintf(num, sizeof(num), "%.17g", v->valuedouble);
	buf_adds(r->out, num);
}

/* A time or a date in the page's language (when.c); else as given. */
static void
put_filtered(struct render *r, const cJSON *v, enum filter f)
{
	const char	*lang = cJSON_GetStringValue(lookup_root(r, "lang"));
	char		 s[WHEN_MAX];

	if (!cJSON_IsString(v)) {
		put_value(r, v, 0);
		return;
	}
	if ((f == FILTER_WHEN ? views_when(v->valuestring, lang, s,
	    sizeof(s)) : views_date(v->valuestring, lang, s, sizeof(s))) == -1)
		put_value(r, v, 0);	/* as given, however long */
	else
		esc_html(r->out, s, strlen(s));
}

static int render_range(struct render *, const struct tpl *, size_t, size_t);

static int
push_and_render(struct render *r, const struct tpl *t, const cJSON *v,
    size_t from, size_t to)
{
	int	 rc;

	if (r->depth == STACK_MAX)
		return -1;
	r->stack[r->depth++] = v;
	rc = render_range(r, t, from, to);
	r->depth--;
	return rc;
}

static int
render_range(struct render *r, const struct tpl *t, size_t i, size_t to)
{
	const struct node	*n;
	const struct tpl	*p;
	const cJSON		*v, *it;
	int			 rc;

	while (i < to) {
		/* nested loops over big lists must not run away */
		if (++r->steps > TPL_MAX_STEPS || r->out->len > TPL_MAX_OUTPUT)
			return -1;
		n = &t->nodes[i];
		switch (n->op) {
		case OP_TEXT:
			buf_add(r->out, n->s, n->len);
			break;
		case OP_VAR:
			if (n->filter != FILTER_NONE)
				put_filtered(r, lookup(r, n->s), n->filter);
			else
				put_value(r, lookup(r, n->s), 0);
			break;
		case OP_RAW:
			/*
			 * Raw values come from the root only, where our code
			 * put them; never from a list item holding data.
			 */
			put_value(r, lookup_root(r, n->s), 1);
			break;
		case OP_SECTION:
			v = lookup(r, n->s);
			if (truthy(v) && cJSON_IsArray(v)) {
				cJSON_ArrayForEach(it, v)
					if (push_and_render(r, t, it, i + 1,
					    n->close) == -1)
						return -1;
			} else if (truthy(v) && push_and_render(r, t, v, i + 1,
			    n->close) == -1)
				return -1;
			i = n->close;
			break;
		case OP_INVERTED:
			if (!truthy(lookup(r, n->s)) &&
			    render_range(r, t, i + 1, n->close) == -1)
				return -1;
			i = n->close;
			break;
		case OP_PARTIAL:
			if ((p = find(r->set, n->s)) == NULL ||
			    r->partials >= TPL_MAX_PARTIAL)
				return -1;
			r->partials++;
			rc = render_range(r, p, 0, p->n);
			r->partials--;
			if (rc == -1)
				return -1;
			break;
		case OP_CLOSE:
			break;
		}
		i++;
	}
	return r->out->oom ? -1 : 0;
}

/* Render the template name over ctx, appending to out. */
int
tpl_render(const struct tpl_set *set, const char *name, const cJSON *ctx,
    struct buf *out)
{
	struct render		 r;
	const struct tpl	*t;

	if ((t = find(set, name)) == NULL)
		return -1;
	memset(&r, 0, sizeof(r));
	r.set = set;
	r.out = out;
	r.stack[r.depth++] = ctx;
	return render_range(&r, t, 0, t->n);
}
