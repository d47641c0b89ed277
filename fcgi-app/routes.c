/* routes.c: the route table, the only place that knows every feature */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/accounts_apikeys.h"
#include "accounts/accounts_users.h"
#include "addresses/addresses.h"
#include "approvals/approvals.h"
#include "approvals/approvals_digest.h"
#include "attachments/attachments.h"
#include "bench/bench.h"
#include "catalogue/catalogue.h"
#include "complaints/complaints.h"
#include "orders/orders.h"
#include "providers/providers.h"
#include "core/util.h"
#include "feed/feed.h"
#include "home/home.h"
#include "ledger/ledger.h"
#include "search/search.h"
#include "sellthrough/sellthrough.h"
#include "service/service_figures.h"
#include "kpi/kpi.h"
#include "inventory/inventory.h"
#include "invoices/invoices.h"
#include "news/news.h"
#include "notifications/notifications.h"
#include "ops/ops.h"
#include "recovery/recovery.h"
#include "routes.h"
#include "routes_roles.h"
#include "service/service_jobs.h"
#include "service/service_work.h"
#include "testing/testing.h"
#include "trail/trail.h"
#include "webhooks/webhooks.h"

/*
 * A route names the API-key capabilities that open it (the fifth field)
 * only where a machine may call it, and its flags (the sixth) only where
 * it has some; everywhere else they are left out, 0.
 */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

const struct route routes[] = {
	/* operations */
	{ HTTP_GET,  "/healthz",		ops_healthz_get,	0 },
	{ HTTP_GET,  "/metrics",		ops_metrics_get,	0 },
	{ HTTP_GET,  "/api/v1",			ops_api_root_get,	0 },

	/* accounts: tokens and one's own account */
	{ HTTP_POST, "/api/v1/auth/login",	accounts_login_post,	0 },
	{ HTTP_POST, "/api/v1/auth/refresh",	accounts_refresh_post,	0 },
	{ HTTP_POST, "/api/v1/auth/logout",	accounts_logout_post,	0 },
	{ HTTP_POST, "/api/v1/auth/password-reset", recovery_request_post, 0 },
	{ HTTP_POST, "/api/v1/auth/password-reset/confirm",
	    recovery_confirm_post, 0 },
	{ HTTP_GET,  "/api/v1/me",		accounts_me_get,	ROLE_SIGNED_IN },
	{ HTTP_PATCH, "/api/v1/me",		accounts_me_patch,	ROLE_SIGNED_IN },
	{ HTTP_POST, "/api/v1/me/password",	accounts_password_post,	ROLE_SIGNED_IN },
	{ HTTP_GET,  "/api/v1/me/sessions",	accounts_sessions_get,	ROLE_SIGNED_IN },
	{ HTTP_DELETE, "/api/v1/me/sessions",	accounts_sessions_delete, ROLE_SIGNED_IN },
	{ HTTP_DELETE, "/api/v1/me/sessions/{id}", accounts_session_delete, ROLE_SIGNED_IN },

	/* accounts: user administration, the dealer directory */
	{ HTTP_GET,  "/api/v1/users",		accounts_users_list_get, USER_ADMINS },
	{ HTTP_POST, "/api/v1/users",		accounts_users_create_post, USER_ADMINS },
	{ HTTP_GET,  "/api/v1/users/{id}",	accounts_users_get_one, USER_ADMINS },
	{ HTTP_PATCH, "/api/v1/users/{id}",	accounts_users_patch, USER_ADMINS },
	{ HTTP_POST, "/api/v1/users/{id}/password", accounts_users_password_post, USER_ADMINS },
	{ HTTP_GET,  "/api/v1/users/{id}/dealers", accounts_orgs_assignments_get, ROLE_ADMIN },
	{ HTTP_PUT,  "/api/v1/users/{id}/dealers", accounts_orgs_assignments_put, ROLE_ADMIN },
	{ HTTP_GET,  "/api/v1/users/{id}/chains", accounts_orgs_chains_get, ROLE_ADMIN },
	{ HTTP_PUT,  "/api/v1/users/{id}/chains", accounts_orgs_chains_put, ROLE_ADMIN },
	{ HTTP_GET,  "/api/v1/orgs",		accounts_orgs_list_get, ROLE_ADMIN },
	{ HTTP_POST, "/api/v1/orgs",		accounts_orgs_create_post, ROLE_ADMIN },
	{ HTTP_GET,  "/api/v1/orgs/{id}",	accounts_orgs_get_one, ROLE_ADMIN },
	{ HTTP_PATCH, "/api/v1/orgs/{id}",	accounts_orgs_patch, ROLE_ADMIN },
	/* API keys of machine clients (the capabilities: auth/apikey.h) */
	{ HTTP_POST, "/api/v1/api-keys",	accounts_apikeys_create_post, USER_ADMINS },
	{ HTTP_GET,  "/api/v1/api-keys",	accounts_apikeys_list_get, USER_ADMINS },
	{ HTTP_GET,  "/api/v1/api-keys/{id}",	accounts_apikeys_get_one, USER_ADMINS },
	{ HTTP_DELETE, "/api/v1/api-keys/{id}",	accounts_apikeys_revoke_delete, USER_ADMINS },
	{ HTTP_GET,  "/api/v1/dealers",		accounts_dealers_list_get, ROLE_ANY },
	{ HTTP_GET,  "/api/v1/dealers/{id}",	accounts_dealers_get_one, ROLE_ANY },

	/* catalogue */
	{ HTTP_GET,  "/api/v1/products",	catalogue_products_get,	ROLE_ANY },
	{ HTTP_POST, "/api/v1/products",	catalogue_product_post,	ROLE_ADMIN },
	{ HTTP_GET,  "/api/v1/products/{code}",	catalogue_product_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/favourites",	catalogue_favourites_get, ROLE_ANY },
	{ HTTP_PUT,  "/api/v1/favourites/{code}", catalogue_favourite_put, ROLE_ANY },
	{ HTTP_DELETE, "/api/v1/favourites/{code}", catalogue_favourite_delete, ROLE_ANY },
	{ HTTP_PATCH, "/api/v1/products/{code}", catalogue_product_patch, ROLE_ADMIN },
	{ HTTP_POST, "/api/v1/products/{code}/quote", catalogue_quote_post, ROLE_ANY },
	{ HTTP_GET,  "/api/v1/promotions",	catalogue_promotions_list_get, ROLE_ADMIN },
	{ HTTP_GET,  "/api/v1/promotions/current", catalogue_promotions_current_get, ROLE_ANY },
	{ HTTP_POST, "/api/v1/promotions",	catalogue_promotions_create_post, ROLE_ADMIN },
	{ HTTP_PATCH, "/api/v1/promotions/{id}", catalogue_promotions_patch, ROLE_ADMIN },
	{ HTTP_GET,  "/api/v1/contract-prices",	catalogue_contracts_get, ROLE_ANY },
	{ HTTP_POST, "/api/v1/contract-prices",	catalogue_contracts_post, CONTRACT_SETTERS },
	{ HTTP_PATCH, "/api/v1/contract-prices/{id}", catalogue_contract_patch, CONTRACT_SETTERS },
	{ HTTP_DELETE, "/api/v1/contract-prices/{id}", catalogue_contract_delete, CONTRACT_SETTERS },

	/* orders */
	{ HTTP_POST, "/api/v1/orders",		orders_submit_post,	ORDER_TAKERS },
	{ HTTP_GET,  "/api/v1/orders",		orders_list_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/orders.csv",	orders_export_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/orders/{number}",	orders_get_one,		ROLE_ANY },
	{ HTTP_POST, "/api/v1/orders/{number}/cancel", orders_cancel_post, ORDER_CANCELLERS },
	{ HTTP_POST, "/api/v1/orders/{number}/events", orders_events_post, ORDER_TRACKERS, CAP_ORDERS_TRACK },
	{ HTTP_POST, "/api/v1/orders/{number}/shipments", orders_shipments_post, ORDER_TRACKERS, CAP_ORDERS_TRACK },
	{ HTTP_GET,  "/api/v1/orders/{number}/shipments", orders_shipments_get, ROLE_ANY },
	/* returns (RMA): the dealer asks, the region decides, receipt credits */
	{ HTTP_POST, "/api/v1/orders/{number}/returns", orders_returns_post, RETURN_TAKERS },
	{ HTTP_GET,  "/api/v1/returns",		orders_returns_get,	RETURN_READERS },
	{ HTTP_GET,  "/api/v1/returns/{number}", orders_return_get,	RETURN_READERS },
	/* attachments: uploads read their own bodies (ROUTE_STREAM) */
	{ HTTP_POST, "/api/v1/complaints/{number}/attachments", attachments_complaint_post, ATT_COMPLAINT, 0, ROUTE_STREAM },
	{ HTTP_POST, "/api/v1/service-jobs/{number}/attachments", attachments_job_post, ATT_JOB, 0, ROUTE_STREAM },
	{ HTTP_POST, "/api/v1/returns/{number}/attachments", attachments_return_post, ATT_RETURN, 0, ROUTE_STREAM },
	{ HTTP_GET,  "/api/v1/complaints/{number}/attachments", attachments_complaint_list_get, ROLE_ANY },
	{ HTTP_GET,  "/api/v1/service-jobs/{number}/attachments", attachments_job_list_get, SERVICE_READERS },
	{ HTTP_GET,  "/api/v1/returns/{number}/attachments", attachments_return_list_get, RETURN_READERS },
	{ HTTP_GET,  "/api/v1/attachments/{id}", attachments_file_get, ROLE_SIGNED_IN },
	{ HTTP_GET,  "/api/v1/attachments/{id}/thumb", attachments_thumb_get, ROLE_SIGNED_IN },
	{ HTTP_DELETE, "/api/v1/attachments/{id}", attachments_delete_req, ROLE_SIGNED_IN },
	{ HTTP_POST, "/api/v1/returns/{number}/approve", orders_return_approve_post, RETURN_DECIDERS },
	{ HTTP_POST, "/api/v1/returns/{number}/refuse", orders_return_refuse_post, RETURN_DECIDERS },
	{ HTTP_POST, "/api/v1/returns/{number}/receive", orders_return_receive_post, RETURN_RECEIVERS, CAP_ORDERS_TRACK },
	{ HTTP_POST, "/api/v1/returns/{number}/cancel", orders_return_cancel_post, RETURN_TAKERS },
	{ HTTP_POST, "/api/v1/orders/{number}/reorder", orders_reorder_post, ORDER_TAKERS },
	{ HTTP_POST, "/api/v1/orders/{number}/release", orders_release_post, ROLE_DEALER_APPROVER },
	{ HTTP_POST, "/api/v1/orders/{number}/send-back", orders_send_back_post, ROLE_DEALER_APPROVER },
	{ HTTP_GET,  "/api/v1/release-limit",	orders_limit_get, LIMIT_SETTERS },
	{ HTTP_PUT,  "/api/v1/release-limit",	orders_limit_put, LIMIT_SETTERS },
	{ HTTP_GET,  "/api/v1/deliveries",	orders_deliveries_get, ROLE_ANY },
	{ HTTP_GET,  "/api/v1/deliveries.csv",	orders_deliveries_export_get, ROLE_ANY },
	/* the dealer's ship-to address book */
	{ HTTP_GET,  "/api/v1/addresses",	addresses_list_get,	ROLE_ANY },
	{ HTTP_POST, "/api/v1/addresses",	addresses_create_post,	ADDRESS_WRITERS },
	{ HTTP_GET,  "/api/v1/addresses/{id}",	addresses_one_get,	ROLE_ANY },
	{ HTTP_PATCH, "/api/v1/addresses/{id}",	addresses_one_patch,	ADDRESS_WRITERS },
	{ HTTP_DELETE, "/api/v1/addresses/{id}", addresses_one_delete,	ADDRESS_WRITERS },
	/* review and approval under credit control */
	{ HTTP_GET,  "/api/v1/approvals",	approvals_queue_get,	APPROVERS },
	{ HTTP_POST, "/api/v1/orders/{number}/approve", approvals_approve_post, APPROVERS },
	{ HTTP_POST, "/api/v1/orders/{number}/reject", approvals_reject_post, APPROVERS },
	{ HTTP_POST, "/api/v1/orders/{number}/escalate", approvals_escalate_post, APPROVERS },
	{ HTTP_GET,  "/api/v1/credit",		approvals_credits_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/dealers/{id}/credit", approvals_credit_get, ROLE_ANY },
	{ HTTP_PUT,  "/api/v1/dealers/{id}/credit", approvals_credit_put, CREDIT_SETTERS },
	/* the dealer's side of its credit (issue #24): anyone in scope */
	{ HTTP_GET,  "/api/v1/dealers/{id}/credit/outlook", approvals_credit_outlook_get, ROLE_ANY },
	{ HTTP_GET,  "/api/v1/dealers/{id}/credit/orders", approvals_credit_orders_get, ROLE_ANY },
	{ HTTP_PUT,  "/api/v1/regions/{id}/approval-limit", approvals_region_limit_put, ROLE_ADMIN },

	/* the draft: an order built line by line */
	{ HTTP_GET,  "/api/v1/draft",		orders_draft_get, ORDER_TAKERS },
	{ HTTP_POST, "/api/v1/draft/lines",	orders_draft_lines_post, ORDER_TAKERS },
	{ HTTP_PATCH, "/api/v1/draft/lines/{id}", orders_draft_line_patch, ORDER_TAKERS },
	{ HTTP_DELETE, "/api/v1/draft/lines/{id}", orders_draft_line_delete, ORDER_TAKERS },
	{ HTTP_POST, "/api/v1/draft/csv",	orders_draft_csv_post,		ORDER_TAKERS, 0, ROUTE_CSV },
	{ HTTP_POST, "/api/v1/draft/submit",	orders_draft_submit_post, ORDER_TAKERS },
	{ HTTP_GET,  "/api/v1/templates",	orders_templates_get,	ORDER_TAKERS },
	{ HTTP_POST, "/api/v1/templates",	orders_templates_post,	ORDER_TAKERS },
	{ HTTP_GET,  "/api/v1/templates/{id}",	orders_template_get,	ORDER_TAKERS },
	{ HTTP_POST, "/api/v1/templates/{id}/draft", orders_template_draft_post, ORDER_TAKERS },
	{ HTTP_DELETE, "/api/v1/templates/{id}", orders_template_delete_req, ORDER_TAKERS },

	/* service: jobs and dispatch */
	{ HTTP_POST, "/api/v1/service-jobs",	service_jobs_file_post,	SERVICE_FILERS },
	{ HTTP_GET,  "/api/v1/service-jobs",	service_jobs_list_get,	SERVICE_READERS },
	{ HTTP_GET,  "/api/v1/service-jobs/{number}", service_jobs_get_one, SERVICE_READERS },
	{ HTTP_POST, "/api/v1/service-jobs/{number}/dispatch", service_jobs_dispatch_post, SERVICE_DISPATCHERS },
	{ HTTP_POST, "/api/v1/service-jobs/{number}/cancel", service_jobs_cancel_post, SERVICE_FILERS | SERVICE_DISPATCHERS },

	/* complaints with the 24-hour rule */
	{ HTTP_POST, "/api/v1/complaints",	complaints_file_post,	COMPLAINT_FILERS },
	{ HTTP_GET,  "/api/v1/complaints",	complaints_list_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/complaints.csv",	complaints_export_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/complaints/figures", complaints_figures_get, ROLE_ANY },
	{ HTTP_GET,  "/api/v1/complaints/{number}", complaints_get_one, ROLE_ANY },
	{ HTTP_POST, "/api/v1/complaints/{number}/messages", complaints_message_post, COMPLAINT_FILERS | COMPLAINT_HANDLERS },
	{ HTTP_POST, "/api/v1/complaints/{number}/take", complaints_take_post, COMPLAINT_HANDLERS },
	{ HTTP_POST, "/api/v1/complaints/{number}/assign", complaints_assign_post, COMPLAINT_HANDLERS },
	{ HTTP_POST, "/api/v1/complaints/{number}/escalate", complaints_escalate_post, COMPLAINT_HANDLERS },
	{ HTTP_POST, "/api/v1/complaints/{number}/resolve", complaints_resolve_post, COMPLAINT_HANDLERS },
	{ HTTP_POST, "/api/v1/complaints/{number}/reopen", complaints_reopen_post, COMPLAINT_FILERS },
	{ HTTP_POST, "/api/v1/complaints/{number}/rate", complaints_rate_post, COMPLAINT_FILERS },
	/* the dealer's account */
	{ HTTP_GET,  "/api/v1/dealers/{id}/ledger", ledger_list_get,	ROLE_ANY },
	{ HTTP_POST, "/api/v1/dealers/{id}/ledger", ledger_entry_post, LEDGER_POSTERS, CAP_LEDGER_POST },
	/* a correction is a person's decision: a finance clerk, not the ERP */
	{ HTTP_POST, "/api/v1/ledger/{id}/reverse", ledger_reverse_post, ROLE_FINANCE_CLERK },
	{ HTTP_GET,  "/api/v1/dealers/{id}/fees", ledger_fees_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/dealers/{id}/ledger.csv", ledger_export_get, ROLE_ANY },
	{ HTTP_POST, "/api/v1/dealers/{id}/allocations", ledger_allocate_post, LEDGER_POSTERS, CAP_LEDGER_POST },
	{ HTTP_POST, "/api/v1/periods/{period}/close", ledger_close_post, ROLE_FINANCE_CLERK },
	{ HTTP_GET,  "/api/v1/statements",	ledger_overview_get,	ROLE_ANY },
	{ HTTP_POST, "/api/v1/sellthrough",	sellthrough_post,	ST_REPORTERS, CAP_SELLTHROUGH_WRITE },
	{ HTTP_POST, "/api/v1/sellthrough/csv",	sellthrough_csv_post,	ST_REPORTERS, CAP_SELLTHROUGH_WRITE, ROUTE_CSV },
	{ HTTP_GET,  "/api/v1/dealers/{id}/sellthrough", sellthrough_list_get, ROLE_ANY },
	{ HTTP_GET,  "/api/v1/sellthrough.csv",	sellthrough_export_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/dealers/{id}/kpis", kpi_dealer_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/regions/{id}/kpis", kpi_region_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/managers/{id}/kpis", kpi_manager_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/managers",	kpi_managers_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/managers.csv",	kpi_managers_csv_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/chains/{id}/kpis", kpi_chain_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/kpis",		kpi_all_get,		ROLE_ANY },
	{ HTTP_POST, "/api/v1/inventory",	inventory_post,		ROLE_ERP, CAP_STOCK_WRITE },
	{ HTTP_GET,  "/api/v1/inventory",	inventory_get,		ROLE_ANY },
	{ HTTP_GET,  "/api/v1/kpis/dealers",	kpi_dealers_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/kpis/dealers.csv", kpi_dealers_csv_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/kpis/regions.csv", kpi_regions_csv_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/kpis/tiers.csv",	kpi_tiers_csv_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/kpis/trend",	kpi_trend_get,		ROLE_ANY },
	{ HTTP_GET,  "/api/v1/kpis/pyramid",	kpi_pyramid_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/kpis/pyramid.csv", kpi_pyramid_csv_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/kpis/value-grid",	kpi_value_grid_get,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/kpis/value-grid.csv", kpi_value_grid_csv_get, ROLE_ANY },
	{ HTTP_GET,  "/api/v1/kpis/targets",	kpi_targets_get,	ROLE_ANY },
	{ HTTP_PUT,  "/api/v1/kpis/targets",	kpi_targets_put,	ROLE_ADMIN },
	{ HTTP_GET,  "/api/v1/dealers/{id}/tier", kpi_tier_get,	ROLE_ANY },
	{ HTTP_POST, "/api/v1/tiers/recompute",	kpi_tiers_recompute_post, ROLE_ADMIN | ROLE_HQ_KEY_ACCOUNT },
	{ HTTP_GET,  "/api/v1/tiers/config",	kpi_tiers_config_get,	ROLE_ANY },
	{ HTTP_PUT,  "/api/v1/tiers/config",	kpi_tiers_config_put,	ROLE_ADMIN },
	{ HTTP_GET,  "/api/v1/dealers/{id}/sellthrough/{report}/history", sellthrough_history_get, ROLE_ANY },
	{ HTTP_GET,  "/api/v1/dealers/{id}/statements", ledger_statements_get, ROLE_ANY },
	{ HTTP_GET,  "/api/v1/dealers/{id}/statements/{period}", ledger_statement_get, ROLE_ANY },
	{ HTTP_POST, "/api/v1/dealers/{id}/statements/{period}/confirm", ledger_confirm_post, ROLE_DEALER_FINANCE },
	{ HTTP_POST, "/api/v1/dealers/{id}/statements/{period}/dispute", ledger_dispute_post, ROLE_DEALER_FINANCE },
	{ HTTP_POST, "/api/v1/dealers/{id}/statements/{period}/resolve", ledger_settle_post, ROLE_FINANCE_CLERK },
	{ HTTP_GET,  "/api/v1/dealers/{id}/open-items", ledger_open_items_get, ROLE_ANY },
	/* invoices and credit notes as documents, the buyer's invoice profile */
	{ HTTP_GET,  "/api/v1/invoices/{id}",	invoices_get_one,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/dealers/{id}/invoice-profile", invoices_profile_get, ROLE_ANY },
	{ HTTP_PATCH, "/api/v1/dealers/{id}/invoice-profile", invoices_profile_patch, INVOICES_PROFILE_EDITORS },
	/* news and announcements */
	/* notifications: one's own */
	{ HTTP_GET,  "/api/v1/notifications",	notifications_list_get,	ROLE_SIGNED_IN },
	{ HTTP_POST, "/api/v1/notifications/read-all",
	    notifications_read_all_post, ROLE_SIGNED_IN },
	{ HTTP_POST, "/api/v1/notifications/{id}/read",
	    notifications_read_post, ROLE_SIGNED_IN },
	{ HTTP_GET,  "/api/v1/outbox",		notifications_outbox_get, ROLE_ADMIN },
	{ HTTP_POST, "/api/v1/outbox/{id}/resend",
	    notifications_outbox_resend_post, ROLE_ADMIN },
	{ HTTP_GET,  "/api/v1/me/notification-settings",
	    notifications_settings_get, ROLE_SIGNED_IN },
	{ HTTP_PUT,  "/api/v1/me/notification-settings",
	    notifications_settings_put, ROLE_SIGNED_IN },
	{ HTTP_GET,  "/api/v1/users/{id}/notification-settings",
	    notifications_settings_get, ROLE_ADMIN | ROLE_DEALER_ADMIN },
	{ HTTP_PUT,  "/api/v1/users/{id}/notification-settings",
	    notifications_settings_put, ROLE_ADMIN | ROLE_DEALER_ADMIN },

	/* webhooks: admins for every dealer's events, dealer admins their own */
	{ HTTP_GET,  "/api/v1/webhooks",	webhooks_list_get, WEBHOOKS_MANAGERS },
	{ HTTP_POST, "/api/v1/webhooks",	webhooks_create_post,
	    WEBHOOKS_MANAGERS },
	{ HTTP_GET,  "/api/v1/webhooks/{id}",	webhooks_get_one, WEBHOOKS_MANAGERS },
	{ HTTP_PATCH, "/api/v1/webhooks/{id}",	webhooks_patch,	WEBHOOKS_MANAGERS },
	{ HTTP_GET,  "/api/v1/webhooks/{id}/deliveries", webhooks_deliveries_get,
	    WEBHOOKS_MANAGERS },
	{ HTTP_POST, "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver",
	    webhooks_redeliver_post, WEBHOOKS_MANAGERS },

	{ HTTP_GET,  "/api/v1/news",		news_list_get,		ROLE_ANY },
	{ HTTP_POST, "/api/v1/news",		news_create_post,	ROLE_ADMIN },
	{ HTTP_PATCH, "/api/v1/news/{id}",	news_patch,		ROLE_ADMIN },
	/* service: provider work, parts, follow-ups (a job's work answers 404
	 * to anyone but its provider's agents, as a job out of reach) */
	{ HTTP_POST, "/api/v1/service-jobs/{number}/accept", service_work_accept_post, ROLE_SIGNED_IN },
	{ HTTP_POST, "/api/v1/service-jobs/{number}/decline", service_work_decline_post, ROLE_SIGNED_IN },
	{ HTTP_POST, "/api/v1/service-jobs/{number}/schedule", service_work_schedule_post, ROLE_SIGNED_IN },
	{ HTTP_POST, "/api/v1/service-jobs/{number}/start", service_work_start_post, ROLE_SIGNED_IN },
	{ HTTP_POST, "/api/v1/service-jobs/{number}/parts", service_work_parts_post, ROLE_SIGNED_IN },
	{ HTTP_POST, "/api/v1/service-jobs/{number}/finish", service_work_finish_post, ROLE_SIGNED_IN },
	{ HTTP_GET,  "/api/v1/service-parts",	service_parts_list_get,	SERVICE_STAFF },
	{ HTTP_POST, "/api/v1/service-parts/{id}/ship", service_parts_ship_post, SERVICE_STAFF },
	{ HTTP_POST, "/api/v1/service-parts/{id}/receive", service_parts_receive_post, SERVICE_STAFF },
	{ HTTP_GET,  "/api/v1/service-followups", service_followup_list_get, SERVICE_STAFF },
	{ HTTP_POST, "/api/v1/service-followups/{id}", service_followup_post, SERVICE_STAFF },

	/* the audit trail (issue #24) */
	{ HTTP_GET,  "/api/v1/audit",		trail_list_get,		AUDIT_READERS },
	{ HTTP_GET,  "/api/v1/audit.csv",	trail_csv_get,		AUDIT_READERS },

	/* search: numbers and words of whatever the caller may read */
	{ HTTP_GET,  "/api/v1/search",		search_get,		SEARCHERS },

	/* the ERP's event feed */
	{ HTTP_GET,  "/api/v1/feed",		feed_get,	ROLE_ERP | ROLE_ADMIN, CAP_FEED_READ },

	/* pages */
	{ HTTP_GET,  "/",			home_index_get,		0 },
	{ HTTP_GET,  "/lang/{code}",		home_lang_get,		0 },
	{ HTTP_GET,  "/login",			accounts_login_page_get, 0 },
	{ HTTP_POST, "/login",			accounts_login_page_post, 0 },
	{ HTTP_GET,  "/forgot",			recovery_forgot_page_get, 0 },
	{ HTTP_POST, "/forgot",			recovery_forgot_page_post, 0 },
	{ HTTP_GET,  "/reset",			recovery_reset_page_get, 0 },
	{ HTTP_POST, "/reset",			recovery_reset_page_post, 0 },
	{ HTTP_POST, "/logout",			accounts_logout_page_post, 0 },
	{ HTTP_GET,  "/account",		accounts_account_page_get, ROLE_SIGNED_IN },
	{ HTTP_POST, "/account",		accounts_account_page_post, ROLE_SIGNED_IN },
	{ HTTP_GET,  "/users",			accounts_users_page_get, USER_ADMINS },
	{ HTTP_POST, "/users",			accounts_users_page_post, USER_ADMINS },
	{ HTTP_GET,  "/api-keys",		accounts_apikeys_page_get, USER_ADMINS },
	{ HTTP_POST, "/api-keys",		accounts_apikeys_page_post, USER_ADMINS },
	{ HTTP_POST, "/api-keys/{id}/revoke",	accounts_apikeys_revoke_page_post, USER_ADMINS },
	{ HTTP_GET,  "/users/{id}",		accounts_users_edit_page_get, USER_ADMINS },
	{ HTTP_POST, "/users/{id}",		accounts_users_edit_page_post, USER_ADMINS },
	{ HTTP_GET,  "/search",			search_page_get,	SEARCHERS },
	{ HTTP_GET,  "/catalogue",		catalogue_page_get,	ROLE_ANY },
	{ HTTP_GET,  "/catalogue/{code}",	catalogue_product_page_get, ROLE_ANY },
	{ HTTP_GET,  "/favourites",		catalogue_favourites_page_get, ROLE_ANY },
	{ HTTP_POST, "/favourites",		catalogue_favourites_page_post, ROLE_ANY },
	{ HTTP_POST, "/catalogue/{code}",	catalogue_product_page_post, ROLE_ANY },
	{ HTTP_GET,  "/admin/products",		catalogue_admin_products_page_get, ROLE_ADMIN },
	{ HTTP_POST, "/admin/products",		catalogue_admin_products_page_post, ROLE_ADMIN },
	{ HTTP_GET,  "/admin/products/{code}",	catalogue_admin_product_page_get, ROLE_ADMIN },
	{ HTTP_POST, "/admin/products/{code}",	catalogue_admin_product_page_post, ROLE_ADMIN },
	{ HTTP_GET,  "/admin/promotions",	catalogue_admin_promotions_page_get, ROLE_ADMIN },
	{ HTTP_POST, "/admin/promotions",	catalogue_admin_promotions_page_post, ROLE_ADMIN },
	{ HTTP_POST, "/admin/promotions/{id}",	catalogue_admin_promotion_page_post, ROLE_ADMIN },
	{ HTTP_GET,  "/admin/contracts",	catalogue_contracts_page_get, CONTRACT_SETTERS },
	{ HTTP_POST, "/admin/contracts",	catalogue_contracts_page_post, CONTRACT_SETTERS },
	{ HTTP_POST, "/admin/contracts/{id}",	catalogue_contract_page_post, CONTRACT_SETTERS },
	{ HTTP_GET,  "/draft",			orders_draft_page_get, ORDER_TAKERS },
	{ HTTP_GET,  "/templates",		orders_templates_page_get, ORDER_TAKERS },
	{ HTTP_GET,  "/quick-order",		orders_quick_page_get, ORDER_TAKERS },
	{ HTTP_POST, "/quick-order",		orders_quick_page_post, ORDER_TAKERS },
	{ HTTP_POST, "/templates",		orders_templates_page_post, ORDER_TAKERS },
	{ HTTP_POST, "/draft",			orders_draft_page_post, ORDER_TAKERS },
	{ HTTP_GET,  "/orders",			orders_page_get,	ROLE_ANY },
	{ HTTP_GET,  "/deliveries",		orders_deliveries_page_get, ROLE_ANY },
	{ HTTP_GET,  "/orders/{number}",	orders_order_page_get,	ROLE_ANY },
	{ HTTP_GET,  "/release-limit",		orders_limit_page_get,	LIMIT_SETTERS },
	{ HTTP_POST, "/release-limit",		orders_limit_page_post,	LIMIT_SETTERS },
	{ HTTP_GET,  "/addresses",		addresses_page_get,	ROLE_ANY },
	{ HTTP_POST, "/addresses",		addresses_page_post,	ADDRESS_WRITERS },
	{ HTTP_POST, "/addresses/{id}",		addresses_one_page_post, ADDRESS_WRITERS },
	{ HTTP_POST, "/orders/{number}",	orders_order_page_post,	ORDER_CANCELLERS | ORDER_TRACKERS | APPROVERS | ROLE_DEALER_APPROVER | RETURN_TAKERS },
	{ HTTP_GET,  "/returns",		orders_returns_page_get, RETURN_READERS },
	{ HTTP_GET,  "/returns/{number}",	orders_return_page_get,	RETURN_READERS },
	{ HTTP_POST, "/returns/{number}/attachments", attachments_return_page_post, ATT_RETURN, 0, ROUTE_STREAM },
	{ HTTP_POST, "/complaints/{number}/attachments", attachments_complaint_page_post, ATT_COMPLAINT, 0, ROUTE_STREAM },
	{ HTTP_POST, "/service/{number}/attachments", attachments_job_page_post, ATT_JOB & ~ROLE_PROVIDER_AGENT, 0, ROUTE_STREAM },
	{ HTTP_POST, "/provider/jobs/{number}/attachments", attachments_provider_page_post, ROLE_PROVIDER_AGENT, 0, ROUTE_STREAM },
	{ HTTP_GET,  "/attachments/{id}",	attachments_file_get,	ROLE_SIGNED_IN },
	{ HTTP_GET,  "/attachments/{id}/thumb",	attachments_thumb_get,	ROLE_SIGNED_IN },
	{ HTTP_POST, "/attachments/{id}/delete", attachments_delete_page_post, ROLE_SIGNED_IN },
	{ HTTP_POST, "/returns/{number}",	orders_return_page_post, RETURN_DECIDERS | RETURN_RECEIVERS | RETURN_TAKERS },
	{ HTTP_GET,  "/approvals",		approvals_page_get,	APPROVERS },
	{ HTTP_GET,  "/credit",			approvals_credits_page_get, CREDIT_SETTERS },
	{ HTTP_GET,  "/credit/{id}",		approvals_credit_page_get, CREDIT_SETTERS },
	{ HTTP_POST, "/credit/{id}",		approvals_credit_page_post, CREDIT_SETTERS },
	{ HTTP_GET,  "/my-credit",		approvals_my_credit_page_get, CREDIT_HOLDERS },
	{ HTTP_GET,  "/my-credit/{id}",		approvals_my_credit_one_page_get, CREDIT_HOLDERS },
	{ HTTP_GET,  "/complaints",		complaints_page_get,	ROLE_ANY },
	{ HTTP_GET,  "/complaints/new",		complaints_new_page_get, COMPLAINT_FILERS },
	{ HTTP_GET,  "/complaints/figures",	complaints_figures_page_get, ROLE_ANY },
	{ HTTP_POST, "/complaints/new",		complaints_new_page_post, COMPLAINT_FILERS },
	{ HTTP_GET,  "/complaints/{number}",	complaints_one_page_get, ROLE_ANY },
	{ HTTP_POST, "/complaints/{number}",	complaints_one_page_post, COMPLAINT_FILERS | COMPLAINT_HANDLERS },
	/* service: provider work, parts, follow-ups (before any
	 * "/service/{number}": the router takes the first match) */
	{ HTTP_GET,  "/provider/jobs",		service_work_jobs_page_get, ROLE_SIGNED_IN },
	{ HTTP_GET,  "/provider/jobs/{number}",	service_work_job_page_get, ROLE_SIGNED_IN },
	{ HTTP_POST, "/provider/jobs/{number}",	service_work_job_page_post, ROLE_SIGNED_IN },
	{ HTTP_GET,  "/service/parts",		service_parts_page_get,	SERVICE_STAFF },
	{ HTTP_POST, "/service/parts",		service_parts_page_post, SERVICE_STAFF },
	{ HTTP_GET,  "/service/followups",	service_followup_page_get, SERVICE_STAFF },
	{ HTTP_POST, "/service/followups",	service_followup_page_post, SERVICE_STAFF },
	{ HTTP_GET,  "/news",			news_page_get,		ROLE_ANY },
	{ HTTP_GET,  "/audit",			trail_page_get,		AUDIT_READERS },
	{ HTTP_GET,  "/notifications",		notifications_page_get,	ROLE_SIGNED_IN },
	{ HTTP_POST, "/notifications",		notifications_page_post, ROLE_SIGNED_IN },
	{ HTTP_POST, "/notifications/{id}",	notifications_open_post, ROLE_SIGNED_IN },
	{ HTTP_GET,  "/admin/outbox",		notifications_outbox_page_get,
	    ROLE_ADMIN },
	{ HTTP_POST, "/admin/outbox",		notifications_outbox_page_post,
	    ROLE_ADMIN },
	{ HTTP_GET,  "/account/notifications",	notifications_settings_page_get,
	    ROLE_SIGNED_IN },
	{ HTTP_POST, "/account/notifications",	notifications_settings_page_post,
	    ROLE_SIGNED_IN },
	{ HTTP_GET,  "/users/{id}/notifications", notifications_settings_page_get,
	    ROLE_ADMIN | ROLE_DEALER_ADMIN },
	{ HTTP_POST, "/users/{id}/notifications",
	    notifications_settings_page_post, ROLE_ADMIN | ROLE_DEALER_ADMIN },
	{ HTTP_GET,  "/ledger",			ledger_own_page_get,	ROLE_ANY },
	{ HTTP_GET,  "/dealers/{id}/ledger",	ledger_page_get,	ROLE_ANY },
	{ HTTP_POST, "/dealers/{id}/ledger",	ledger_page_post,	LEDGER_POSTERS },
	{ HTTP_POST, "/dealers/{id}/allocations", ledger_allocate_page_post, LEDGER_POSTERS },
	{ HTTP_GET,  "/statements",		ledger_overview_page_get, ROLE_ANY },
	{ HTTP_GET,  "/sellthrough",		sellthrough_page_get,	ROLE_ANY },
	{ HTTP_GET,  "/dashboard",		kpi_board_page_get,	ROLE_ANY },
	{ HTTP_GET,  "/inventory",		inventory_page_get,	ROLE_ANY },
	{ HTTP_GET,  "/dashboard/dealers/{id}",	kpi_board_dealer_page_get, ROLE_ANY },
	{ HTTP_GET,  "/dashboard/pyramid",	kpi_pyramid_page_get,	ROLE_ANY },
	{ HTTP_GET,  "/dashboard/value-grid",	kpi_value_grid_page_get, ROLE_ANY },
	{ HTTP_GET,  "/dashboard/managers",	kpi_managers_page_get,	ROLE_ANY },
	{ HTTP_GET,  "/dashboard/managers/{id}", kpi_manager_page_get,	ROLE_ANY },
	{ HTTP_POST, "/sellthrough",		sellthrough_page_post,	ST_REPORTERS },
	{ HTTP_GET,  "/dealers/{id}/sellthrough", sellthrough_dealer_page_get, ROLE_ANY },
	{ HTTP_POST, "/statements/close",	ledger_close_page_post,	ROLE_FINANCE_CLERK },
	{ HTTP_GET,  "/dealers/{id}/statements", ledger_months_page_get, ROLE_ANY },
	{ HTTP_GET,  "/dealers/{id}/statements/{period}", ledger_statement_page_get, ROLE_ANY },
	{ HTTP_POST, "/dealers/{id}/statements/{period}", ledger_statement_page_post, ROLE_DEALER_FINANCE | ROLE_FINANCE_CLERK },
	{ HTTP_GET,  "/invoices/{id}",		invoices_page_get,	ROLE_ANY },
	{ HTTP_GET,  "/invoice-profile",	invoices_profile_page_get, ROLE_ANY },
	{ HTTP_POST, "/invoice-profile",	invoices_profile_page_post, INVOICES_PROFILE_EDITORS },
	{ HTTP_GET,  "/admin/news",		news_admin_page_get,	ROLE_ADMIN },
	{ HTTP_POST, "/admin/news",		news_admin_page_post,	ROLE_ADMIN },
	{ HTTP_POST, "/admin/news/{id}",	news_admin_item_post,	ROLE_ADMIN },
	{ HTTP_GET,  "/orgs",			accounts_orgs_page_get, ROLE_ADMIN },
	{ HTTP_POST, "/orgs",			accounts_orgs_page_post, ROLE_ADMIN },
	{ HTTP_GET,  "/orgs/{id}",		accounts_orgs_edit_page_get, ROLE_ADMIN },
	{ HTTP_POST, "/orgs/{id}",		accounts_orgs_edit_page_post, ROLE_ADMIN },
	{ HTTP_POST, "/orgs/{id}/approval-limit", approvals_region_limit_page_post, ROLE_ADMIN },

	/*
	 * service: providers.  HQ's admin and service agents, and a
	 * region's service agents, administer them (providers_reach); anyone
	 * else of the sales network finds nothing (404), a provider's agent
	 * reads its own provider only.
	 */
	{ HTTP_GET,  "/api/v1/providers",	providers_list_get,	ROLE_ANY },
	{ HTTP_POST, "/api/v1/providers",	providers_create_post,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/providers/{id}",	providers_get_one,	ROLE_SIGNED_IN },
	{ HTTP_PATCH, "/api/v1/providers/{id}",	providers_patch,	ROLE_ANY },
	{ HTTP_GET,  "/api/v1/providers/{id}/agents", providers_agents_get, ROLE_ANY },
	{ HTTP_POST, "/api/v1/providers/{id}/agents", providers_agents_post, ROLE_ANY },
	{ HTTP_PATCH, "/api/v1/providers/{id}/agents/{user}", providers_agent_patch, ROLE_ANY },
	{ HTTP_GET,  "/api/v1/service-cities",	providers_cities_get,	ROLE_ANY },
	{ HTTP_GET,  "/providers",		providers_page_get,	ROLE_ANY },
	{ HTTP_GET,  "/providers/new",		providers_new_page_get,	ROLE_ANY },
	{ HTTP_POST, "/providers/new",		providers_new_page_post, ROLE_ANY },
	{ HTTP_GET,  "/providers/{id}",		providers_edit_page_get, ROLE_ANY },
	{ HTTP_POST, "/providers/{id}",		providers_edit_page_post, ROLE_ANY },
	{ HTTP_POST, "/providers/{id}/agents",	providers_agents_page_post, ROLE_ANY },
	{ HTTP_POST, "/providers/{id}/agents/{user}", providers_agent_page_post, ROLE_ANY },
	/* service: figures (HQ, regions, dealers and providers, each its own) */
	{ HTTP_GET,  "/api/v1/service/figures",	service_figures_get,	SERVICE_FIGURE_READERS },
	{ HTTP_GET,  "/api/v1/service/figures.csv", service_figures_csv_get, SERVICE_FIGURE_READERS },
	{ HTTP_GET,  "/service/figures",	service_figures_page_get, SERVICE_FIGURE_READERS },
	/* service: jobs and dispatch (pages; after every literal
	 * "/service/...": the router takes the first match) */
	{ HTTP_GET,  "/service",		service_jobs_page_get,	SERVICE_READERS & ~ROLE_PROVIDER_AGENT },
	{ HTTP_GET,  "/service/new",		service_jobs_new_page_get, SERVICE_FILERS },
	{ HTTP_POST, "/service/new",		service_jobs_new_page_post, SERVICE_FILERS },
	{ HTTP_GET,  "/service/{number}",	service_jobs_one_page_get, SERVICE_READERS & ~ROLE_PROVIDER_AGENT },
	{ HTTP_POST, "/service/{number}",	service_jobs_one_page_post, SERVICE_FILERS | SERVICE_DISPATCHERS },

#ifdef DEALERNET_BENCH_ROUTES
	{ HTTP_GET,  "/api/v1/_bench/read",	bench_read_get,		0 },
	{ HTTP_POST, "/api/v1/_bench/write",	bench_write_post,	0 },
#endif
#ifdef DEALERNET_TEST_ROUTES
	{ HTTP_GET,  "/api/v1/_test/sleep",	testing_sleep_get,	0 },
	{ HTTP_POST, "/api/v1/_test/echo",	testing_echo_post,	0 },
	{ HTTP_GET,  "/api/v1/_test/db",	testing_db_get,		0 },
	{ HTTP_GET,  "/api/v1/_test/db-cache",	testing_db_cache_get,	0 },
	{ HTTP_POST, "/api/v1/_test/deadlock",	testing_deadlock_post,	0 },
	{ HTTP_GET,  "/api/v1/_test/db-fault",	testing_db_fault_get,	0 },
	{ HTTP_POST, "/api/v1/_test/db-fault",	testing_db_fault_post,	0 },
#endif
};

const size_t nroutes = NELEM(routes);

/*
 * The order page's approval panel and decisions, and the draft's credit
 * (see orders.h).
 */
const struct orders_approval_hooks orders_approval = {
	approvals_order_panel,
	approvals_approve,
	approvals_reject,
	approvals_escalate,
	approvals_outlook_of,
};

/*
 * The roles each API-key capability serves, from the table: those of the
 * routes naming it, and for "read" those of the API's GET routes.
 */
void
routes_cap_roles(unsigned *roles)
{
	size_t	 i;
	int	 c;

	for (c = 0; c < CAP__COUNT; c++)
		roles[c] = 0;
	for (i = 0; i < nroutes; i++) {
		for (c = 0; c < CAP__COUNT; c++)
			if (routes[i].caps & (1u << c))
				roles[c] |= routes[i].roles;
		if (routes[i].caps == 0 && routes[i].method == HTTP_GET &&
		    strncmp(routes[i].pattern, "/api/", 5) == 0)
			roles[0] |= routes[i].roles;	/* CAP_READ */
	}
}

/* The pages' menu: each item is a page above, for at most its roles. */
const struct http_menu routes_menu[] = {
	{ "/",			"nav_home",		0 },
	{ "/catalogue",		"nav_catalogue",	ROLE_ANY },
	{ "/favourites",	"nav_favourites",	ORDER_TAKERS },
	{ "/orders",		"nav_orders",		ROLE_ANY },
	{ "/deliveries",	"nav_deliveries",	ROLE_ANY },
	{ "/returns",		"nav_returns",		RETURN_TAKERS | RETURN_DECIDERS | RETURN_RECEIVERS },
	{ "/inventory",		"nav_inventory",	ROLE_ANY },
	{ "/complaints",	"nav_complaints",	ROLE_ANY },
	/* service: jobs and dispatch */
	{ "/service",		"nav_service",		SERVICE_FILERS | ROLE_SERVICE_AGENT },
	{ "/news",		"nav_news",		ROLE_ANY },
	/* service: provider work, parts, follow-ups */
	{ "/provider/jobs",	"nav_provider_jobs",	ROLE_PROVIDER_AGENT },
	{ "/service/parts",	"nav_service_parts",	SERVICE_STAFF },
	{ "/service/followups",	"nav_service_followups", SERVICE_STAFF },
	{ "/approvals",		"nav_approvals",	APPROVERS },
	{ "/ledger",		"nav_ledger",		ACCOUNT_HOLDERS },
	{ "/my-credit",		"nav_my_credit",	CREDIT_HOLDERS },
	{ "/sellthrough",	"nav_sellthrough",	SALES_REPORTERS },
	{ "/dashboard",		"nav_dashboard",	BOARD_VIEWERS },
	{ "/statements",	"nav_statements",	RECONCILERS },
	{ "/invoice-profile",	"nav_invoice_profile",	PROFILE_KEEPERS },
	{ "/credit",		"nav_credit",		CREDIT_SETTERS },
	{ "/draft",		"nav_draft",		ORDER_TAKERS },
	{ "/quick-order",	"nav_quick_order",	ORDER_TAKERS },
	{ "/templates",		"nav_templates",	ORDER_TAKERS },
	{ "/addresses",		"nav_addresses",	ADDRESS_WRITERS },
	/* service: providers */
	{ "/providers",		"nav_providers",	ROLE_ADMIN | ROLE_SERVICE_AGENT },
	{ "/users",		"nav_users",		USER_ADMINS },
	{ "/release-limit",	"nav_release_limit",	LIMIT_SETTERS },
	{ "/api-keys",		"nav_api_keys",		USER_ADMINS },
	{ "/orgs",		"nav_orgs",		ROLE_ADMIN },
	{ "/admin/products",	"nav_admin_products",	ROLE_ADMIN },
	{ "/admin/promotions",	"nav_admin_promotions",	ROLE_ADMIN },
	{ "/admin/contracts",	"nav_admin_contracts",	CONTRACT_SETTERS },
	{ "/admin/news",	"nav_admin_news",	ROLE_ADMIN },
	{ "/admin/outbox",	"nav_admin_outbox",	ROLE_ADMIN },
	{ "/audit",		"nav_audit",		AUDIT_READERS },
	/* service: figures */
	{ "/service/figures",	"nav_service_figures",	SERVICE_FIGURE_VIEWERS },
};

const size_t routes_nmenu = NELEM(routes_menu);

/* The roles shown the header's search box (http_settings.search_roles). */
const unsigned routes_search_roles = SEARCHERS;

int64_t
routes_unread(struct req *r)
{
	return notifications_unread_count(r);
}
