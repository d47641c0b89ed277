/*
 * csv.c: reading CSV (RFC 4180) into rows
 *
 * Fields are separated by commas; a field in double quotes may hold
 * commas, line breaks and "" for a quote.  Lines end in LF or CRLF; blank
 * lines are skipped; a UTF-8 byte-order mark at the start is ignored.
 * Everything is bounded: rows, fields per row, bytes per field; the text
 * must be valid UTF-8 without NUL.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "util.h"

void
csv_rows_free(struct csv_row *rows, int n)
{
	int	 i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < CSV_FIELDS; k++) {
			free(rows[i].fields[k]);
			rows[i].fields[k] = NULL;
		}
}

/* Add the field in f to row; 0, or -1 when it is too long. */
static int
add_field(struct csv_row *row, struct buf *f)
{
	if (f->len > CSV_FIELD_MAX)
		return -1;
	if (row->nfields >= 0 && row->nfields < CSV_FIELDS)
		row->fields[row->nfields++] = util_strndup(buf_cstr(f), f->len);
	else
		row->nfields = -1;
	buf_reset(f);
	return 0;
}

static int
row_blank(const struct csv_row *row)
{
	return row->nfields == 1 && row->fields[0][0] == '\0';
}

/*
 * Parse text into at most max rows; returns how many, or -1 with *line
 * and *why saying where and what is wrong (the rows are freed then).
 */
int
csv_parse(const char *text, size_t len, struct csv_row *rows, int max,
    int *line, const char **why)
{
	struct buf	 f;
	struct csv_row	 cur;
	size_t		 i = 0;
	int		 n = 0, ln = 1, quoted;

	*line = 0;
	*why = NULL;
	if (memchr(text, '\0', len) != NULL || !util_utf8_valid(text, len)) {
		*why = "the text is not UTF-8";
		return -1;
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	buf_init(&f);
	while (i < len) {
		memset(&cur, 0, sizeof(cur));
		cur.line = ln;
		for (;;) {			/* one field */
			quoted = 0;
			if (i < len && text[i] == '"') {
				quoted = 1;
				i++;
				for (;;) {
					if (i >= len) {
						*why = "a quote is not closed";
						goto bad;
					}
					if (text[i] == '"') {
						if (i + 1 < len &&
						    text[i + 1] == '"') {
							buf_addc(&f, '"');
							i += 2;
							continue;
						}
						i++;
						break;
					}
					if (text[i] == '\n')
						ln++;
					buf_addc(&f, text[i++]);
				}
			}
			while (i < len && text[i] != ',' && text[i] != '\n' &&
			    !(text[i] == '\r' && i + 1 < len &&
			    text[i + 1] == '\n')) {
				if (quoted || text[i] == '"') {
					*why = "text after a closing quote, or a "
					    "quote inside an unquoted field";
					goto bad;
				}
				buf_addc(&f, text[i++]);
			}
			if (add_field(&cur, &f) == -1) {
				*why = "a field is longer than 1000 bytes";
				goto bad;
			}
			if (i < len && text[i] == ',') {
				i++;
				continue;
			}
			break;
		}
		if (i < len && text[i] == '\r')
			i++;
		if (i < len && text[i] == '\n')
			i++;
		ln++;
		if (row_blank(&cur)) {
			csv_rows_free(&cur, 1);
			continue;
		}
		if (n >= max) {
			csv_rows_free(&cur, 1);
			*line = cur.line;
			*why = "too many rows";
			buf_free(&f);
			csv_rows_free(rows, n);
			return -1;
		}
		rows[n++] = cur;
	}
	buf_free(&f);
	return n;
bad:
	*line = cur.line;
	csv_rows_free(&cur, 1);
	csv_rows_free(rows, n);
	buf_free(&f);
	return -1;
}

/*
 * A plain number: an optional minus, digits, at most one point among them.
 * "-" alone, "--1" or "1-2" are not numbers (a spreadsheet may compute them).
 */
static int
csv_number(const char *s)
{
	int	 digits = 0, points = 0;

	if (*s == '-')
		s++;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s == '.' && points++ == 0)
			continue;
		else
			return 0;
	}
	return digits > 0;
}

/*
 * Whether a spreadsheet could read the field as a formula: it opens, after
 * any spaces, with = + - @, a tab or a CR (OWASP's CSV injection list), or
 * with their full-width forms U+FF1D U+FF0B U+FF0D U+FF20, which some
 * spreadsheets in Chinese locales fold to the ASCII ones.
 */
static int
csv_formula(const char *s)
{
	const unsigned char	*u;

	if (*s == '\t' || *s == '\r')
		return 1;
	while (*s == ' ')
		s++;
	if (*s != '\0' && strchr("=+-@", *s) != NULL)
		return 1;
	u = (const unsigned char *)s;
	return u[0] == 0xef && u[1] == 0xbc &&
	    (u[2] == 0x9d || u[2] == 0x8b || u[2] == 0x8d || u[2] == 0xa0);
}

/*
 * One field, then a comma or (last) the CRLF that ends the row.  Quoted
 * when it holds a comma, a quote, CR or LF, quotes doubled.  Text that a
 * spreadsheet would run as a formula gets a ' before it, unless it is a
 * plain number ("-123.45").
 */
void
csv_put(struct buf *b, const char *s, int last)
{
	int	 quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		buf_addc(b, '"');
	if (!csv_number(s) && csv_formula(s))
		buf_addc(b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	if (quote)
		buf_addc(b, '"');
	buf_add(b, last ? "\r\n" : ",", last ? 2 : 1);
}

/* A field without the spaces, tabs (and a CR) around it, in place. */
char *
csv_trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}
