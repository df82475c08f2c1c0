-- Fewer indexes on the hot write path of case intake (issue 4 benchmark):
-- every index on `cases` and `case_events` is one more B-tree insert and
-- usually one more WAL page per committed case.
--
-- step_check_at is when the deadline job must next look at a case: the
-- yellow point while no alert is raised, the deadline once the light is
-- yellow, nothing once it is red or no step runs. The store derives it
-- from the row on every write, so one partial index replaces the two on
-- the yellow point and the deadline.
ALTER TABLE cases ADD COLUMN step_check_at BIGINT;
UPDATE cases SET step_check_at = CASE
  WHEN step = '' THEN NULL
  WHEN alert = '' THEN LEAST(step_yellow_at, step_deadline_at)
  WHEN alert = 'yellow' THEN step_deadline_at
  ELSE NULL END;
CREATE INDEX cases_check ON cases(step_check_at) WHERE step_check_at IS NOT NULL;
DROP INDEX cases_yellow;
DROP INDEX cases_deadline;
-- Lists are scoped by grid (cases_grid_state); a community filter narrows
-- that scope. Creation-time filters follow the id order lists use.
DROP INDEX cases_community_state;
DROP INDEX cases_created;
-- Cases are found by their owner only for departments and functional zones
-- (`owner_org_id IN (...)` in lists); new cases, owned by an area, stay out.
DROP INDEX cases_owner;
CREATE INDEX cases_owner_org ON cases(owner_org_id) WHERE owner_org_id IS NOT NULL;
-- Events are read per case (case_events_case) or newest first by id.
DROP INDEX case_events_at;
-- Tracking numbers are derived from the id (core/tracking_code.h) and looked
-- up through it; databases made before that dropped UNIQUE from 0004 lose
-- the index here.
ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_tracking_key;
