-- 0024_close_in_two_steps.sql: a month's close in two transactions.
--
-- The first, short, closes the month to postings (its row here); the second
-- writes the statements and marks the row done.  On Galera a long close that
-- takes the posting lock loses certification to every posting that commits
-- while it runs, so under a steady stream of postings it never got through
-- (measured: tests/cluster, RELIABILITY.md); the short first step wins at
-- once, and the second meets no posting: they all land in the next month.
-- A close cut off between the two steps is finished by asking again.
ALTER TABLE periods
	ADD COLUMN statements_done TINYINT(1) NOT NULL DEFAULT 1;
