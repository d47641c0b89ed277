-- 0037_service_lists.sql: the service jobs' lists, newest first, walk an
-- index whether or not a status is asked (issue #21): a region's, a
-- provider's and HQ's by status.  The keys of 0035 serve a region or a
-- provider with a status; these serve them without one.
ALTER TABLE service_jobs
	ADD KEY service_jobs_region_new (region_id, id),
	ADD KEY service_jobs_provider_new (provider_id, id),
	ADD KEY service_jobs_status (status, id);
