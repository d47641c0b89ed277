/* auth.h: roles, the caller (principal), tokens, passwords, CSRF, scope */
#ifndef AUTH_AUTH_H
#define AUTH_AUTH_H

#include <stddef.h>
#include <stdint.h>

/* The order is that of the users.roles SET column: bit i is member i. */
enum role {
	ROLE_DEALER_BUYER	= 1u << 0,
	ROLE_DEALER_FINANCE	= 1u << 1,
	ROLE_DEALER_ADMIN	= 1u << 2,
	ROLE_ACCOUNT_MANAGER	= 1u << 3,
	ROLE_REGION_APPROVER	= 1u << 4,
	ROLE_HQ_KEY_ACCOUNT	= 1u << 5,
	ROLE_FINANCE_CLERK	= 1u << 6,
	ROLE_SERVICE_AGENT	= 1u << 7,
	ROLE_ADMIN		= 1u << 8,
	ROLE_ERP		= 1u << 9,
	ROLE_PROVIDER_AGENT	= 1u << 10,
	ROLE_CHAIN_BUYER	= 1u << 11,
	ROLE_CHAIN_FINANCE	= 1u << 12,
	ROLE_CHAIN_ADMIN	= 1u << 13,
	ROLE_DEALER_APPROVER	= 1u << 14,
	ROLE_REGION_ADMIN	= 1u << 15,
};
#define ROLE__COUNT	16
#define ROLE__ALL	((1u << ROLE__COUNT) - 1)
/*
 * A route any user of the sales network may use (HQ, regions, dealers):
 * the scope of the caller bounds what it sees.  A service provider's
 * agents are outside that network; they reach their own account and
 * notifications (ROLE_SIGNED_IN) and the service jobs of their provider.
 */
#define ROLE_ANY	(ROLE__ALL & ~ROLE_PROVIDER_AGENT)
#define ROLE_SIGNED_IN	ROLE__ALL	/* one's own account: anyone */
/* dealer_approver releases a buyer's order above the dealer's own limit,
 * as one of the dealer's users or of its chain's */
#define ROLES_DEALER	(ROLE_DEALER_BUYER | ROLE_DEALER_FINANCE | \
			 ROLE_DEALER_ADMIN | ROLE_DEALER_APPROVER)
#define ROLES_CHAIN	(ROLE_CHAIN_BUYER | ROLE_CHAIN_FINANCE | \
			 ROLE_CHAIN_ADMIN | ROLE_DEALER_APPROVER)

enum org_kind { ORG_HQ, ORG_REGION, ORG_DEALER, ORG_PROVIDER, ORG_CHAIN,
	ORG__MAX };
/*
 * The customer's side: a dealer, or the chain over it.  Staff (HQ, the
 * regions) see more of a thing than its customer: internal notes, the
 * approvers' reasons, the figures.
 */
#define ORG_IS_CUSTOMER(k)	((k) == ORG_DEALER || (k) == ORG_CHAIN)

/* Who is calling: everything comes from the verified token. */
struct principal {
	int64_t		 user_id;
	int64_t		 org_id;
	enum org_kind	 kind;
	int64_t		 region_id;	/* the org's region; 0 for HQ */
	unsigned	 roles;
	int64_t		 token_version;
	int64_t		 session_id;	/* "sid": its sign-in; 0 if none */
	int64_t		 exp;
	char		 jti[33];
};

/* roles.c */
const char	*role_name(unsigned);
int		 role_parse(const char *, unsigned *);
int		 roles_to_names(unsigned, const char **, size_t);
unsigned	 roles_allowed_for(enum org_kind);
const char	*org_kind_name(enum org_kind);
int		 org_kind_parse(const char *, enum org_kind *);

/* token.c: HS256 access tokens */
#define TOKEN_TTL	900		/* seconds an access token lives */
#define TOKEN_LEEWAY	60		/* clock skew allowed on exp/iat/nbf */
#define TOKEN_MAX	4096		/* bytes of a token we look at */
int	token_init(const char *, size_t, const char *, const char *);
void	token_free(void);
char	*token_issue(const struct principal *, int64_t);
int	token_verify(const char *, int64_t, struct principal *);
long	token_remembered(void);

/* password.c: argon2id through libsodium, a few at a time */
#define PASSWORD_MIN	10
#define PASSWORD_MAX	256
enum password_result { PASSWORD_OK, PASSWORD_WRONG, PASSWORD_BUSY };
int	password_init(int);
void	password_patient(void);
void	password_limits(int, int);
int	password_hash(const char *, char *, size_t);
enum password_result password_check(const char *, const char *);
int	password_verify(const char *, const char *);
enum password_result password_burn(const char *);
/* org_names.c: organisations' names, held per process */
#define ORG_NAME_MAX	801	/* VARCHAR(200) of utf8mb4, and its NUL */
struct db;
int	org_name(struct db *, int64_t, const char *, char *, size_t);
int	org_names_init(void);
/* password_memory.c: the hash's memory on huge pages */
void	password_memory_enter(void);
void	password_memory_leave(void);
long	password_memory_advised(void);
int	password_acceptable(const char *);

/* throttle.c: the keys sign-in failures are counted under */
#define THROTTLE_KEY_LEN	32	/* bytes of a name key */
#define THROTTLE_ADDR_MAX	64	/* bytes of an address key, NUL too */
#define LOGIN_CHARS_MAX		64
void	throttle_init(const char *, size_t);
int	throttle_name_key(const char *, unsigned char *);
int	throttle_login_ok(const char *);
void	throttle_addr_key(const char *, char *, size_t);
#define THROTTLE_REMEMBER_KEY	80	/* an address key, or a name key in hex */
int	throttle_refused(const char *, double);
void	throttle_remember(const char *, int, double);
void	throttle_forget(const char *);

/* csrf.c */
#define CSRF_COOKIE	"csrf"
#define CSRF_FIELD	"_csrf"
#define CSRF_HEADER	"HTTP_X_CSRF_TOKEN"
void	csrf_set_secret(const char *, size_t);
int	csrf_new_seed(char *, size_t);
int	csrf_token(const char *, int64_t, char *, size_t);
int	csrf_check(const char *, int64_t, const char *);

#endif
