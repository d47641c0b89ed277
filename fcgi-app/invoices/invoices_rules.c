/*
 * invoices_rules.c: the seller, the buyer's tax number, and the split of
 * an amount into net and VAT, exactly in fen (no I/O; unit-tested)
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../core/util.h"
#include "invoices.h"

/*
 * The seller on every invoice: the maker.  One company, so a constant
 * rather than a setting; these are the demo maker's (fictitious, the tax
 * number's check character right) and a deployment puts its own here.
 */
const struct invoices_party invoices_seller = {
	.code = "",
	.name = "青岛海纳电器股份有限公司",
	.name_en = "Qingdao Haina Appliances Co., Ltd.",
	.tax_number = "91370200MA3C00000K",
	.address = "山东省青岛市崂山区海纳路1号",
	.phone = "0532-88880000",
	.bank_name = "中国工商银行青岛海纳支行",
	.bank_account = "3803 0200 0900 0000 001",
};

/* The 31 characters a unified social credit code is written in (GB 32100). */
static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/*
 * Is s a unified social credit code (统一社会信用代码, GB 32100-2015)?
 * 18 of its characters, the 3rd to 8th an administrative division
 * (digits), the last the check character: with the 17 before it weighted
 * by 3^i mod 31, it makes the sum 0 mod 31.
 */
int
invoices_tax_number_ok(const char *s)
{
	const char	*p;
	unsigned	 sum = 0, w = 1;
	int		 i;

	if (s == NULL || strlen(s) != 18)
		return 0;
	for (i = 0; i < 18; i++) {
		if (s[i] == '\0' || (p = strchr(uscc_chars, s[i])) == NULL ||
		    (i >= 2 && i < 8 && !isdigit((unsigned char)s[i])))
			return 0;
		if (i < 17) {
			sum += (unsigned)(p - uscc_chars) * w;
			w = w * 3 % 31;
		}
	}
	return s[17] == uscc_chars[(31 - sum % 31) % 31];
}

/* s, if sent: "" or at most max characters of UTF-8 text, no controls */
static void
text_check(struct fault *f, const char *field, const char *s, size_t max,
    const char *msg)
{
	size_t	 i;

	if (s == NULL || *s == '\0')
		return;
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			break;
	if (s[i] != '\0' || util_blank(s) || strlen(s) > max * 4 ||
	    !util_utf8_valid(s, strlen(s)) || util_utf8_chars(s) > max)
		fault_field(f, field, msg);
}

/* s, if sent: "" or min to max of the characters in set, digits >= min */
static void
code_check(struct fault *f, const char *field, const char *s, size_t min,
    size_t max, const char *set, const char *msg)
{
	size_t	 n, i, digits = 0;

	if (s == NULL || *s == '\0')
		return;
	n = strlen(s);
	for (i = 0; i < n; i++)
		digits += isdigit((unsigned char)s[i]) != 0;
	if (n > max || strspn(s, set) != n || digits < min)
		fault_field(f, field, msg);
}

/*
 * The fields of a profile's change checked into f, the tax number as
 * stored (capitals; "" for none) into tax (19 bytes) when sent.  0, or
 * -1 when one is refused.
 */
int
invoices_profile_check(const struct invoices_profile_in *in, char *tax,
    struct fault *f)
{
	const char	*t = in->tax_number;
	size_t		 i, n;

	*tax = '\0';
	if (t != NULL) {
		/* typed in small letters or with spaces round it: the same */
		while (*t == ' ')
			t++;
		for (n = strlen(t); n > 0 && t[n - 1] == ' '; n--)
			;
		for (i = 0; i < n && i < 18; i++)
			tax[i] = (char)toupper((unsigned char)t[i]);
		tax[i] = '\0';
		if (n > 18 || (n > 0 && !invoices_tax_number_ok(tax)))
			fault_field(f, "tax_number", "the unified social "
			    "credit code: 18 digits and capital letters (not "
			    "I, O, S, V or Z), the last a check character "
			    "that fits the 17 before it");
	}
	text_check(f, "address", in->address, 300,
	    "the registered address: at most 300 characters");
	code_check(f, "phone", in->phone, 3, 32, "0123456789+-() ",
	    "3 to 32 of 0-9 + - ( ) and space");
	text_check(f, "bank_name", in->bank_name, 100,
	    "the bank and branch: at most 100 characters");
	code_check(f, "bank_account", in->bank_account, 6, 40,
	    "0123456789- ", "6 to 40 of 0-9, - and space, at least 6 digits");
	if (in->version < 0 || in->version > INT32_MAX)
		fault_field(f, "version", "the version you read (0 for a "
		    "profile never kept)");
	return fault_fields(f) ? -1 : 0;
}

/*
 * May who keep the profile of a dealer it reaches?  The dealer's admin,
 * its chain's admin, and HQ's admin and finance clerks; a region's clerk,
 * and everyone else, only read it.
 */
int
invoices_profile_keeper(const struct principal *who)
{
	if (ORG_IS_CUSTOMER(who->kind))
		return (who->roles & (ROLE_DEALER_ADMIN |
		    ROLE_CHAIN_ADMIN)) != 0;
	return who->kind == ORG_HQ &&
	    (who->roles & (ROLE_ADMIN | ROLE_FINANCE_CLERK)) != 0;
}

/*
 * An amount, VAT included, as its net and its tax at INVOICES_TAX_RATE:
 * net = amount × 100 / 113 to the nearest fen (113 is odd, so never a
 * tie), tax = amount − net.  So net + tax is the amount exactly, and a
 * negative amount splits as its opposite does.
 */
void
invoices_split(int64_t amount, int64_t *net, int64_t *tax)
{
	uint64_t	 a = amount < 0 ? (uint64_t)-(amount + 1) + 1 :
			    (uint64_t)amount;
	uint64_t	 base = 100 + INVOICES_TAX_RATE, n;

	/* in two steps, so that no product overflows */
	n = a / base * 100 + (a % base * 100 * 2 + base) / (base * 2);
	*net = amount < 0 ? -(int64_t)n : (int64_t)n;
	*tax = amount - *net;
}

/* What one of quantity units of amount costs, to the nearest fen, >= 0. */
int64_t
invoices_unit_price(int64_t amount, int64_t quantity)
{
	uint64_t	 a = amount < 0 ? (uint64_t)-(amount + 1) + 1 :
			    (uint64_t)amount;
	uint64_t	 q = quantity < 0 ? (uint64_t)-(quantity + 1) + 1 :
			    (uint64_t)quantity;

	if (q == 0)
		return 0;
	/* half up: (a + q/2) / q, without a + q/2 overflowing */
	return (int64_t)(a / q + (a % q >= q - a % q ? 1 : 0));
}

/*
 * Each line's unit price, net and tax, the document's net and tax (their
 * sums) and its total in words.  0, or -1 when the lines do not add up
 * to the document's amount (the caller then shows it as one line).
 */
int
invoices_lines_settle(struct invoices_doc *d)
{
	struct invoices_line	*l;
	int64_t			 sum = 0;
	size_t			 i;

	d->net = d->tax = 0;
	for (i = 0; i < d->nlines; i++) {
		l = &d->lines[i];
		invoices_split(l->amount, &l->net, &l->tax);
		l->unit_price = invoices_unit_price(l->amount, l->quantity);
		if (l->amount > INT64_MAX / 2 || l->amount < INT64_MIN / 2 ||
		    (sum > 0 && l->amount > INT64_MAX / 2 - sum) ||
		    (sum < 0 && l->amount < INT64_MIN / 2 - sum))
			return -1;
		sum += l->amount;
		d->net += l->net;
		d->tax += l->tax;
	}
	if (sum != d->amount)
		return -1;
	return money_words(d->amount, d->words, sizeof(d->words));
}
