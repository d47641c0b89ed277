/*
 * routes_roles.h: the audiences of routes.c's table and menu, named once:
 * which roles open a group of routes, and whom the menu shows a page.
 * Only routes.c includes it.
 */
#ifndef ROUTES_ROLES_H
#define ROUTES_ROLES_H

#define USER_ADMINS	(ROLE_ADMIN | ROLE_DEALER_ADMIN | ROLE_CHAIN_ADMIN)
/* who attaches files to each object (routes_attach.c says why) */
#define ATT_COMPLAINT	(COMPLAINT_FILERS | COMPLAINT_HANDLERS)
#define ATT_JOB		(SERVICE_FILERS | SERVICE_DISPATCHERS | ROLE_PROVIDER_AGENT)
#define ATT_RETURN	(RETURN_TAKERS | RETURN_DECIDERS | RETURN_RECEIVERS)
/*
 * The menu's own audiences, narrower than their pages' (which answer any
 * signed-in user): a dealer's account to its buyers and finance; the
 * board to staff; statements to dealers' finance and staff who follow
 * accounts.  The roles of a kind of organisation are those of its users.
 */
#define ACCOUNT_HOLDERS	(ROLE_DEALER_BUYER | ROLE_DEALER_FINANCE)
#define SALES_REPORTERS	(ROLE_DEALER_BUYER | ROLE_DEALER_ADMIN)
/* the dashboard: staff's, and a chain's over its branches */
#define BOARD_VIEWERS	(ROLE_ANY & ~ROLES_DEALER & ~ROLE_ERP)
/* service: figures: anyone signed in; whose figures, the scope's (404 else) */
#define SERVICE_FIGURE_READERS	ROLE_SIGNED_IN
/* (a chain has no service figures of its own yet: not in its menu) */
#define SERVICE_FIGURE_VIEWERS	((BOARD_VIEWERS & ~ROLES_CHAIN) | \
				 ROLE_PROVIDER_AGENT | SALES_REPORTERS)
/* contract prices: HQ key-account staff (their chains) and the admin */
#define CONTRACT_SETTERS	(ROLE_ADMIN | ROLE_HQ_KEY_ACCOUNT)
/* the dealer's own release limit: its admin's, or its chain's admin's */
#define LIMIT_SETTERS	(ROLE_DEALER_ADMIN | ROLE_CHAIN_ADMIN)
/* the audit trail: HQ's admin all of it, the admin of a region, a chain
 * or a dealer the rows about its own organisation (audit/audit_reader.c) */
#define AUDIT_READERS	(ROLE_ADMIN | ROLE_REGION_ADMIN | ROLE_CHAIN_ADMIN | \
			 ROLE_DEALER_ADMIN)
/* the invoice profile: the dealer's and chain's admins and finance */
#define PROFILE_KEEPERS	(ROLE_DEALER_ADMIN | ROLE_DEALER_FINANCE | \
			 ROLE_CHAIN_ADMIN | ROLE_CHAIN_FINANCE)
/*
 * search: the sales network, each within its scope; a service provider's
 * agent reads no orders and no complaints (only its jobs): no search
 */
#define SEARCHERS	ROLE_ANY
#define RECONCILERS	(ROLE_DEALER_FINANCE | ROLE_CHAIN_FINANCE | \
			 ROLE_CHAIN_BUYER | ROLE_FINANCE_CLERK | \
			 ROLE_REGION_APPROVER | ROLE_ACCOUNT_MANAGER | \
			 ROLE_HQ_KEY_ACCOUNT)

#endif
