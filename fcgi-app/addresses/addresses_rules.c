/* addresses_rules.c: what an address may hold, and a creation's hash */
#include <stdio.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/util.h"
#include "addresses.h"

/* s, if sent: 1 to max characters of UTF-8 text, not blank, no controls */
static void
text_check(struct fault *f, const char *field, const char *s, size_t max,
    int required, const char *msg)
{
	size_t	 i;

	if (s == NULL) {
		if (required)
			fault_field(f, field, msg);
		return;
	}
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			break;
	if (s[i] != '\0' || util_blank(s) || strlen(s) > max * 4 ||
	    !util_utf8_valid(s, strlen(s)) || util_utf8_chars(s) > max)
		fault_field(f, field, msg);
}

/*
 * The fields of in checked into f (create: every one required).  0, or
 * -1 when one is refused.
 */
int
addresses_check(const struct address_in *in, int create, struct fault *f)
{
	size_t	 n;

	text_check(f, "name", in->name, 100, create, "1 to 100 characters");
	text_check(f, "contact", in->contact, 100, create,
	    "1 to 100 characters: who receives the goods");
	text_check(f, "address", in->address, 300, create,
	    "1 to 300 characters");
	if (in->phone != NULL || create) {
		n = in->phone != NULL ? strlen(in->phone) : 0;
		if (n < 3 || n > 32 || strspn(in->phone, "0123456789+- ") != n
		    || strpbrk(in->phone, "0123456789") == NULL)
			fault_field(f, "phone", "3 to 32 of 0-9 + - and "
			    "space");
	}
	if (in->is_default < -1 || in->is_default > 1)
		fault_field(f, "is_default", "true or false");
	if (!create && (in->version < 1 || in->version > INT32_MAX))
		fault_field(f, "version", "the version you read");
	return fault_fields(f) ? -1 : 0;
}

/*
 * A creation's request hash (hex, UTIL_SHA256_HEX) over what it makes, so
 * that the API and the page compare a retry alike.
 */
void
addresses_hash(const struct address_in *in, int64_t dealer, char *out)
{
	struct buf	 b;
	char		 d[32];

	buf_init(&b);
	snprintf(d, sizeof(d), "%lld\n%d\n", (long long)dealer,
	    in->is_default == 1);
	buf_add(&b, d, strlen(d));
	buf_add(&b, in->name, strlen(in->name) + 1);
	buf_add(&b, in->contact, strlen(in->contact) + 1);
	buf_add(&b, in->phone, strlen(in->phone) + 1);
	buf_add(&b, in->address, strlen(in->address) + 1);
	util_sha256_hex(out, b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
}
