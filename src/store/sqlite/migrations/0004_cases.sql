-- wangge schema 4: the closed loop of cases (DOMAIN.md §3): taxonomy with
-- versioned policies, the working calendar, responsible parties and the
-- responsibility matrix, cases with their events, attachments, supervision
-- (督办), escalation, major cases, joint enforcement (联合执法), to-do
-- notifications, the webhook outbox, Open311 keys and job leases.

-- Departments (职能部门) and functional zones (功能区) that own cases.
CREATE TABLE org_units (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('department','functional_zone')),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  -- The street (or district) the unit serves; its leaders are the unit's
  -- superiors on the escalation ladder.
  area_id INTEGER REFERENCES areas(id),
  phone TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);

-- Users who act for a department or functional zone.
CREATE TABLE org_members (
  org_id INTEGER NOT NULL REFERENCES org_units(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (org_id, user_id)
);
CREATE INDEX org_members_user ON org_members(user_id);

-- 大类 (parent_id NULL) and 小类. Cases are filed under a 小类.
CREATE TABLE case_categories (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES case_categories(id),
  kind TEXT NOT NULL CHECK (kind IN ('component','event','community')),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  sort INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX case_categories_parent ON case_categories(parent_id);

-- Each change of a category's policy is a new version; a case keeps the
-- version it was opened under. The policy is JSON (service/case_policy.h).
CREATE TABLE category_policies (
  id INTEGER PRIMARY KEY,
  category_id INTEGER NOT NULL REFERENCES case_categories(id),
  version INTEGER NOT NULL,
  policy TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  UNIQUE (category_id, version)
);

-- Exceptions to Monday–Friday: public holidays and make-up working days
-- (调休), as local dates.
CREATE TABLE calendar_days (
  day TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('holiday','workday')),
  name TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL
);

-- The responsibility matrix: (category × area) → one party. A rule on a
-- 大类 covers its 小类; a rule on a street covers its communities and grids;
-- the most specific rule wins. Without any rule the area is the fallback
-- (属地兜底). Two rules on the same cell are a conflict that
-- GET /api/v1/responsibility/check reports.
CREATE TABLE responsibility_rules (
  id INTEGER PRIMARY KEY,
  category_id INTEGER NOT NULL REFERENCES case_categories(id),
  area_id INTEGER NOT NULL REFERENCES areas(id),
  party_kind TEXT NOT NULL CHECK (party_kind IN
    ('grid_role','community_office','street_office','department','functional_zone')),
  -- For grid_role: the team role (leader, community_worker, group_leader).
  party_role TEXT NOT NULL DEFAULT '',
  party_org_id INTEGER REFERENCES org_units(id),
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX responsibility_rules_cell ON responsibility_rules(category_id, area_id);

-- Case numbers per community and year: {community code}-{year}-{seq}.
CREATE TABLE case_counters (
  community_id INTEGER NOT NULL REFERENCES areas(id),
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (community_id, year)
);

CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
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
  on_time INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_yellow ON cases(step_yellow_at) WHERE step <> '';
CREATE INDEX cases_deadline ON cases(step_deadline_at) WHERE step <> '';
CREATE INDEX cases_grid_state ON cases(grid_id, state);
CREATE INDEX cases_community_state ON cases(community_id, state);
CREATE INDEX cases_owner ON cases(owner_kind, owner_area_id, owner_org_id, state);
CREATE INDEX cases_category_created ON cases(category_id, created_at);
CREATE INDEX cases_created ON cases(created_at);
CREATE INDEX cases_origin ON cases(reporter_origin, created_at) WHERE reporter_origin <> '';

-- Every transition, supervision and note: who, when, from, to, what.
CREATE TABLE case_events (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  at BIGINT NOT NULL,
  user_id INTEGER,
  actor_name TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  from_state TEXT NOT NULL DEFAULT '',
  to_state TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  -- JSON: owner changes, deadlines, attachment ids, ...
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events(case_id, id);
CREATE INDEX case_events_at ON case_events(at);

-- Uploaded files, stored once per content under DATA/attachments/.
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  uploaded_at BIGINT NOT NULL,
  uploaded_by INTEGER REFERENCES users(id),
  -- Public uploads carry the uploader's hashed origin instead.
  uploader_origin TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attachments_sha ON attachments(sha256);
CREATE INDEX attachments_origin ON attachments(uploader_origin, uploaded_at)
  WHERE uploader_origin <> '';

CREATE TABLE case_attachments (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  attachment_id INTEGER NOT NULL REFERENCES attachments(id),
  event_id INTEGER REFERENCES case_events(id),
  -- before (report), after (feedback), evidence (enforcement, supervision)
  kind TEXT NOT NULL CHECK (kind IN ('before','after','evidence')),
  PRIMARY KEY (case_id, attachment_id)
);
CREATE INDEX case_attachments_attachment ON case_attachments(attachment_id);

CREATE TABLE case_extensions (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  step_seq INTEGER NOT NULL,
  hours DOUBLE PRECISION NOT NULL,
  reason TEXT NOT NULL,
  requested_at BIGINT NOT NULL,
  requested_by INTEGER REFERENCES users(id),
  decision TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending','approved','rejected')),
  decided_at BIGINT,
  decided_by INTEGER REFERENCES users(id),
  decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_extensions_case ON case_extensions(case_id);

-- Supervision (督办): automatic yellow / red when a step runs late, manual
-- by a leader, and escalation up the ladder. The owner replies.
CREATE TABLE supervisions (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  kind TEXT NOT NULL CHECK (kind IN ('auto','manual','escalation')),
  level TEXT NOT NULL CHECK (level IN ('ordinary','yellow','red')),
  step TEXT NOT NULL DEFAULT '',
  step_seq INTEGER NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT '',
  raised_at BIGINT NOT NULL,
  raised_by INTEGER REFERENCES users(id),
  raised_by_name TEXT NOT NULL DEFAULT '',
  owner_kind TEXT NOT NULL,
  owner_area_id INTEGER REFERENCES areas(id),
  owner_org_id INTEGER REFERENCES org_units(id),
  owner_role TEXT NOT NULL DEFAULT '',
  reply_due_at BIGINT,
  reply TEXT NOT NULL DEFAULT '',
  replied_at BIGINT,
  replied_by INTEGER REFERENCES users(id)
);
CREATE INDEX supervisions_case ON supervisions(case_id);
CREATE INDEX supervisions_open ON supervisions(replied_at, owner_kind);
-- At most one automatic supervision per level and escalation per step
-- instance, whichever server process gets there first.
CREATE UNIQUE INDEX supervisions_once ON supervisions(case_id, step_seq, kind, level)
  WHERE kind IN ('auto','escalation');

-- Messages to people: supervision raised, case assigned, reply asked.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  case_id INTEGER REFERENCES cases(id),
  supervision_id INTEGER REFERENCES supervisions(id),
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  read_at BIGINT
);
CREATE INDEX notifications_user ON notifications(user_id, read_at);

-- The major-problem supervision list (重大问题督办清单).
CREATE TABLE major_cases (
  case_id INTEGER PRIMARY KEY REFERENCES cases(id),
  leader_user_id INTEGER NOT NULL REFERENCES users(id),
  note TEXT NOT NULL DEFAULT '',
  -- JSON array of 'YYYY-MM-DD' review dates.
  review_dates TEXT NOT NULL DEFAULT '[]',
  listed_at BIGINT NOT NULL,
  listed_by INTEGER REFERENCES users(id)
);

-- Joint enforcement (联合执法) tasks collecting law-enforcement cases.
CREATE TABLE enforcement_tasks (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  lead_org_id INTEGER NOT NULL REFERENCES org_units(id),
  status TEXT NOT NULL CHECK (status IN ('open','in_progress','done')),
  -- JSON: pre-enforcement information (parties, addresses, evidence).
  info TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  scheduled_on TEXT NOT NULL DEFAULT '',
  closed_at BIGINT
);

CREATE TABLE enforcement_task_cases (
  task_id INTEGER NOT NULL REFERENCES enforcement_tasks(id),
  case_id INTEGER NOT NULL REFERENCES cases(id),
  PRIMARY KEY (task_id, case_id)
);
CREATE INDEX enforcement_task_cases_case ON enforcement_task_cases(case_id);

CREATE TABLE enforcement_departments (
  task_id INTEGER NOT NULL REFERENCES enforcement_tasks(id),
  org_id INTEGER NOT NULL REFERENCES org_units(id),
  response TEXT NOT NULL DEFAULT '',
  responded_at BIGINT,
  responded_by INTEGER REFERENCES users(id),
  -- The lead's rating of the response (吹哨报到评价): 1..5.
  rating INTEGER,
  PRIMARY KEY (task_id, org_id)
);

-- Webhook subscriptions and the outbox that delivers to them.
CREATE TABLE webhooks (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  -- HMAC-SHA256 key, sealed with the data key.
  secret_sealed TEXT NOT NULL,
  -- Comma-separated event types ("case.*" style prefixes); '' means all.
  events TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until BIGINT NOT NULL DEFAULT 0,
  delivered_at BIGINT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

-- Open311 API keys (stored as a digest).
CREATE TABLE open311_keys (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  key_digest TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);

-- Leases that let one server process at a time run a periodic job.
CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL DEFAULT '',
  until BIGINT NOT NULL DEFAULT 0,
  runs BIGINT NOT NULL DEFAULT 0
);
INSERT INTO job_leases (name) VALUES ('deadlines'), ('outbox');

INSERT INTO settings (key, value, updated_at) VALUES
 ('case_duplicate_radius_m', '50', 0),
 ('case_duplicate_window_days', '7', 0),
 ('public_reports_per_hour', '5', 0),
 ('public_uploads_per_hour', '30', 0),
 ('attachment_max_bytes', '10485760', 0),
 ('calendar_work_periods', '08:30-12:00,13:30-17:30', 0),
 ('calendar_utc_offset_minutes', '480', 0),
 ('supervision_reply_hours', '24', 0);
