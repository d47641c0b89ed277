/* fuzz_token.c: libFuzzer target for access-token verification */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi-app/auth/auth.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int		 ready;
	struct principal	 p;
	char			*tok, *issued;

	if (!ready) {
		token_init("fuzzing-secret-fuzzing-secret-0123456789", 40,
		    "dealernet", "dealernet-api");
		ready = 1;
	}
	if ((tok = malloc(size + 1)) == NULL)
		return 0;
	memcpy(tok, data, size);
	tok[size] = '\0';
	if (token_verify(tok, 1800000000, &p) == 0 && p.user_id <= 0)
		abort();	/* a verified token always names a user */
	free(tok);
	/* a token we issue always verifies */
	memset(&p, 0, sizeof(p));
	p.user_id = 1 + (size % 1000);
	p.org_id = 7;
	p.kind = ORG_DEALER;
	p.region_id = 2;
	p.roles = ROLE_DEALER_BUYER;
	p.token_version = 1;
	if ((issued = token_issue(&p, 1800000000)) == NULL)
		return 0;
	if (token_verify(issued, 1800000000, &p) != 0)
		abort();
	free(issued);
	return 0;
}
