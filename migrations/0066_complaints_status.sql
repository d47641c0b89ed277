-- 0066_complaints_status.sql: HQ's complaint list by status (?status=open),
-- newest first, by an index of its own: a year of complaints, most of
-- them resolved, had it walk the primary key past every resolved one to
-- find the open (tests/index found it once the demo had a year).
ALTER TABLE complaints
	ADD KEY complaints_status (status, id);
