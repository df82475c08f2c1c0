-- Case numbers ({community code}-{year}-{seq}) lose their UNIQUE index.
-- They are unique by construction: every number is reserved from
-- case_counters inside the transaction that writes the case (intake and
-- `wangge synth` alike), and nothing looks a case up by its number through
-- an index (searches match it with LIKE '%...%'). On the intake path the
-- index was one more B-tree leaf per community in every batch: about 22 of
-- the ~98 WAL pages a 25-case batch over a city wrote (docs/PERFORMANCE.md).
--
-- SQLite cannot drop a column constraint, so the table is rebuilt. Its
-- children (events, supervisions, attachments, ...) keep their rows: with
-- the foreign key checks deferred to the commit, dropping the old table
-- counts their references as violations and inserting the same rows into
-- the new table resolves them again; a lost row would fail the commit.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE cases_copy AS SELECT * FROM cases;
DROP TABLE cases;
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  -- Unique by construction: reserved from case_counters in the writing
  -- transaction.
  number TEXT NOT NULL,
  -- Public tracking number (resident self-report, Open311 token), a keyed
  -- permutation of the id (core/tracking_code.h): distinct by construction
  -- and found through the id, so it needs no index.
  tracking TEXT NOT NULL,
  category_id INTEGER NOT NULL REFERENCES case_categories(id),
  policy_id INTEGER NOT NULL REFERENCES category_policies(id),
  level TEXT NOT NULL CHECK (level IN ('simple','ordinary','prominent','major')),
  urgent INTEGER NOT NULL DEFAULT 0,
  group_case INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL CHECK (source IN
    ('grid_staff','patrol','visit','resident','hotline','open311')),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  address_text TEXT NOT NULL DEFAULT '',
  lon DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  grid_id INTEGER NOT NULL REFERENCES areas(id),
  community_id INTEGER NOT NULL REFERENCES areas(id),
  state TEXT NOT NULL CHECK (state IN
    ('reported','accepted','dispatched','handled','closed','voided','shelved')),
  -- The one current owner (责任主体唯一).
  owner_kind TEXT NOT NULL CHECK (owner_kind IN
    ('grid','community','street','department','functional_zone')),
  owner_area_id INTEGER REFERENCES areas(id),
  owner_org_id INTEGER REFERENCES org_units(id),
  owner_role TEXT NOT NULL DEFAULT '',
  owner_since BIGINT NOT NULL,
  -- How the owner was found: rule:ID, fallback, conflict, manual, escalation.
  routed_by TEXT NOT NULL DEFAULT '',
  reporter_user_id INTEGER REFERENCES users(id),
  reporter_name TEXT NOT NULL DEFAULT '',
  reporter_contact_sealed TEXT NOT NULL DEFAULT '',
  -- Keyed hash of the reporter's network address, for the public rate limit.
  reporter_origin TEXT NOT NULL DEFAULT '',
  -- Open311 client that filed the request, if any.
  open311_client TEXT NOT NULL DEFAULT '',
  handler_user_id INTEGER REFERENCES users(id),
  -- The running step (accept, dispatch, handle, verify or '' when none),
  -- counted by step_seq so that each step instance is supervised once.
  step TEXT NOT NULL DEFAULT '',
  step_seq INTEGER NOT NULL DEFAULT 0,
  step_started_at BIGINT,
  -- 80 % of the step's limit used: the yellow light comes on.
  step_yellow_at BIGINT,
  step_deadline_at BIGINT,
  step_limit_ms BIGINT,
  step_basis TEXT NOT NULL DEFAULT 'working',
  -- Highest automatic supervision raised on the running step: '', yellow, red.
  alert TEXT NOT NULL DEFAULT '',
  escalation_level INTEGER NOT NULL DEFAULT 0,
  extensions_used INTEGER NOT NULL DEFAULT 0,
  returns_count INTEGER NOT NULL DEFAULT 0,
  rework_count INTEGER NOT NULL DEFAULT 0,
  satisfaction TEXT NOT NULL DEFAULT '',
  satisfaction_comment TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  review_on TEXT NOT NULL DEFAULT '',
  is_major INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  accepted_at BIGINT,
  handled_at BIGINT,
  closed_at BIGINT,
  -- Closed within every step's limit (for the on-time rate).
  on_time INTEGER NOT NULL DEFAULT 1,
  -- 0006: when the deadline job must next look at the case.
  step_check_at BIGINT
);
INSERT INTO cases SELECT * FROM cases_copy;
DROP TABLE cases_copy;
CREATE INDEX cases_category_created ON cases(category_id, created_at);
CREATE INDEX cases_origin ON cases(reporter_origin, created_at) WHERE reporter_origin <> '';
CREATE INDEX cases_check ON cases(step_check_at) WHERE step_check_at IS NOT NULL;
CREATE INDEX cases_owner_org ON cases(owner_org_id) WHERE owner_org_id IS NOT NULL;
CREATE INDEX cases_grid_state ON cases(grid_id, state, category_id, source,
  step_deadline_at);
