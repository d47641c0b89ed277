/* accounts_users.h: user administration and the dealer directory */
#ifndef ACCOUNTS_USERS_H
#define ACCOUNTS_USERS_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "../auth/auth.h"

struct db;
struct fault;
struct req;
struct scope;

struct user_row {
	int64_t		 id;
	char		 login[65];
	char		 name[101];
	int64_t		 org_id;
	char		 org_code[17];
	enum org_kind	 org_kind;
	unsigned	 roles;
	int		 disabled;
	char		 lang[8];
	int64_t		 version;
};

/* Changes to a user; a NULL or negative field stays as it is. */
struct user_change {
	const char	*name;
	int64_t		 roles;		/* -1: unchanged; -2: not role names */
	int		 disabled;	/* -1: unchanged */
	int64_t		 version;	/* -1: whatever it is now; 0: bad */
};

/* A new user. */
struct accounts_user_new {
	const char	*login;
	const char	*name;
	const char	*password;
	int64_t		 org;		/* 0: by org_code, else the dealer
					 * admin's own; -1: not an id */
	const char	*org_code;	/* NULL: none */
	int64_t		 roles;		/* -1: not a list of role names */
};

/* accounts_users_db.c */
int	accounts_users_org_limit(const struct principal *, int64_t *);
int	accounts_users_get(struct db *, int64_t, int64_t, struct user_row *);
int	accounts_users_list(struct db *, int64_t, int64_t, int64_t, int,
	    struct user_row *, int *);
int	accounts_users_org_kind(struct db *, int64_t, int64_t,
	    enum org_kind *);
int64_t	accounts_users_org_by_code(struct db *, const char *);
int	accounts_users_org_of_code(struct db *, const char *, int64_t *,
	    enum org_kind *);
int64_t	accounts_users_id_by_login(struct db *, const char *);
int	accounts_users_disable(struct db *, int64_t);
int	accounts_users_insert(struct db *, const char *, const char *, int64_t,
	    const char *, unsigned, int64_t *);
int	accounts_users_update(struct db *, int64_t, int64_t, const struct
    user_change *,
	    int *);
int	accounts_users_set_password(struct db *, int64_t, int64_t, const char
    *);
cJSON	*accounts_users_json(const struct user_row *);

/* accounts_users_ops.c: each returns the status it stands for */
int	accounts_users_create(struct db *, const struct principal *,
	    const struct accounts_user_new *, int64_t *, struct fault *);
int	accounts_users_change(struct db *, const struct principal *, int64_t,
	    const struct user_change *, struct fault *);
int	accounts_users_reset_password(struct db *, const struct principal *,
	    int64_t, const char *, struct fault *);

/* accounts_users_http.c */
const char *accounts_json_text(struct req *, const char *);
int	accounts_users_list_read(struct req *, cJSON **);
int	accounts_users_list_get(struct req *);
int	accounts_users_create_post(struct req *);
int	accounts_users_get_one(struct req *);
int	accounts_users_patch(struct req *);
int	accounts_users_password_post(struct req *);
int	accounts_users_roles_parse(const cJSON *, unsigned *);

/* accounts_dealers_db.c */
int	accounts_dealers_read(struct db *, const struct principal *, int64_t,
	    cJSON **, struct fault *);
int	accounts_dealers_list(struct db *, const struct principal *, int64_t,
	    int, cJSON **);

/* accounts_dealers_http.c */
int	accounts_dealers_list_get(struct req *);
int	accounts_dealers_get_one(struct req *);

/* accounts_orgs_http.c */
int	accounts_orgs_list_read(struct req *, cJSON **);
int	accounts_orgs_list_get(struct req *);
int	accounts_orgs_get_one(struct req *);
int	accounts_orgs_create_post(struct req *);
int	accounts_orgs_patch(struct req *);
int	accounts_orgs_assignments_get(struct req *);
int	accounts_orgs_assignments_put(struct req *);
int	accounts_orgs_chains_get(struct req *);
int	accounts_orgs_chains_put(struct req *);

/* accounts_orgs_pages.c */
int	accounts_orgs_page_get(struct req *);
int	accounts_orgs_page_post(struct req *);
int	accounts_orgs_edit_page(struct req *, int);
int	accounts_orgs_edit_page_get(struct req *);
int	accounts_orgs_edit_page_post(struct req *);

/* accounts_users_pages.c */
int	accounts_users_page_get(struct req *);
int	accounts_users_page_post(struct req *);
int	accounts_users_edit_page_get(struct req *);
int	accounts_users_edit_page_post(struct req *);

#endif
