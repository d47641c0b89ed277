-- 0034_notify_more.sql: the complaint clock's warning (issue #20): a
-- complaint not answered 4 hours before its first-response deadline tells
-- its handler (or, with none, the region's service agents) once; the
-- conditional update of reminded_at, in the transaction of that event,
-- makes it once whichever sweep runs it.
ALTER TABLE complaints
	ADD COLUMN reminded_at DATETIME(6) NULL;
ALTER TABLE complaints
	ADD KEY complaints_due_soon (first_response_due);
