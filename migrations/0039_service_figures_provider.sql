-- 0039_service_figures_provider.sql: a part and a follow-up call keep the
-- provider they belong to (issue #21, the service figures).
--
-- An unsatisfied call reopens the job: its holder goes back to none and
-- another provider may take it, so the job's current holder no longer
-- says whose work the call judged, nor who asked for a part.  A part
-- records the provider that requested it, a call the job's holder when it
-- was made (the finish); the figures group and filter these by them.
ALTER TABLE service_parts
	ADD COLUMN provider_id BIGINT UNSIGNED NULL AFTER job_id,
	ADD KEY service_parts_provider (provider_id, job_id),
	ADD CONSTRAINT service_parts_provider_fk FOREIGN KEY (provider_id)
	    REFERENCES providers (org_id);
ALTER TABLE service_followups
	ADD COLUMN provider_id BIGINT UNSIGNED NULL AFTER job_id,
	ADD KEY service_followups_provider (provider_id, job_id),
	ADD CONSTRAINT service_followups_provider_fk FOREIGN KEY (provider_id)
	    REFERENCES providers (org_id);

-- The rows before: a call's provider is the one that accepted the job in
-- the call's round (it held the job until that finish), a part's the
-- last to accept the job before the part was requested; the job's holder
-- where no offer says.
UPDATE service_followups f JOIN service_jobs j ON j.id = f.job_id
SET f.provider_id = COALESCE((SELECT o.provider_id FROM service_offers o
	WHERE o.job_id = f.job_id AND o.round = f.round AND
	o.outcome = 'accepted' ORDER BY o.id DESC LIMIT 1), j.provider_id);
UPDATE service_parts p JOIN service_jobs j ON j.id = p.job_id
SET p.provider_id = COALESCE((SELECT o.provider_id FROM service_offers o
	WHERE o.job_id = p.job_id AND o.outcome = 'accepted' AND
	o.answered_at <= p.requested_at ORDER BY o.answered_at DESC, o.id DESC
	LIMIT 1), j.provider_id);
