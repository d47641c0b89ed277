/* service_jobs_pages.c: the service jobs' pages (stub) */
#include "../http/http.h"
#include "service_jobs.h"

int service_jobs_page_get(struct req *r) { (void)r; return 404; }
int service_jobs_new_page_get(struct req *r) { (void)r; return 404; }
int service_jobs_new_page_post(struct req *r) { (void)r; return 404; }
int service_jobs_one_page_get(struct req *r) { (void)r; return 404; }
int service_jobs_one_page_post(struct req *r) { (void)r; return 404; }
