/* accounts_apikeys.h: managing the API keys of machine clients */
#ifndef ACCOUNTS_APIKEYS_H
#define ACCOUNTS_APIKEYS_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "../auth/apikey.h"

struct db;
struct fault;
struct req;
struct principal;

struct apikey_row {
	int64_t		 id;
	int64_t		 user_id;
	int64_t		 org_id;
	char		 user_login[65];
	char		 name[101];
	char		 prefix[APIKEY_PREFIX + 1];
	unsigned	 caps;
	char		 created_at[32];
	char		 last_used_at[32];	/* "" never */
	char		 revoked_at[32];	/* "" not revoked */
};

/* What a new key is asked for. */
struct apikey_req {
	const char	*login;		/* the user it acts as */
	const char	*name;		/* what it is for */
	unsigned	 caps;
	const char	*idem;		/* Idempotency-Key; NULL from the CLI */
};

enum apikey_result {
	APIKEY_CREATED,		/* new; the key is in key, shown this once */
	APIKEY_REPLAYED,	/* the same request again: the key made then */
	APIKEY_CONFLICT,	/* the Idempotency-Key went with another */
	APIKEY_NO_USER,		/* no such user in reach */
	APIKEY_BAD_CAPS,	/* capabilities none of its roles can use */
	APIKEY_ERROR
};

#define APIKEYS_NAME_MAX	100
#define APIKEYS_IDEM_MAX	100

/* accounts_apikeys_db.c: the one operation of each kind; limit as accounts_users_org_limit */
enum apikey_result accounts_apikeys_create(struct db *, const struct principal
    *,
	    int64_t, const struct apikey_req *, struct apikey_row *, char *);
int	accounts_apikeys_get(struct db *, int64_t, int64_t, struct apikey_row
    *);
int	accounts_apikeys_list(struct db *, int64_t, int64_t, int, struct
    apikey_row *,
	    int *);
int	accounts_apikeys_revoke(struct db *, const struct principal *, int64_t,
	    struct apikey_row *, struct fault *);
cJSON	*accounts_apikeys_json(const struct apikey_row *);
void	accounts_apikeys_caps_text(unsigned, char *, size_t);

/* accounts_apikeys_http.c */
int	accounts_apikeys_create_post(struct req *);
int	accounts_apikeys_list_get(struct req *);
int	accounts_apikeys_get_one(struct req *);
int	accounts_apikeys_revoke_delete(struct req *);
int	accounts_apikeys_caps_parse(const cJSON *, unsigned *);

/* accounts_apikeys_pages.c */
int	accounts_apikeys_page_get(struct req *);
int	accounts_apikeys_page_post(struct req *);
int	accounts_apikeys_revoke_page_post(struct req *);

/* accounts_apikeys_cli.c: dealernetd apikey create|check|revoke */
int	accounts_apikeys_cli(struct db *, int, char **);

#endif
