-- wangge schema 1: areas and grid teams, the registry (一标三实), accounts,
-- sessions, settings and the append-only audit log.
-- Times are UTC milliseconds since the epoch; calendar dates are 'YYYY-MM-DD'.

CREATE TABLE areas (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES areas(id),
  level TEXT NOT NULL CHECK (level IN ('district','street','community','grid','micro_grid')),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  -- '/1/4/9/': ids of the ancestors and the area itself, so that "inside my
  -- scope" is a prefix test whatever code layout a deployment chooses.
  path TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL DEFAULT 'basic' CHECK (kind IN ('basic','dedicated')),
  created_at BIGINT NOT NULL,
  UNIQUE (parent_id, seq)
);
CREATE INDEX areas_parent ON areas(parent_id);
CREATE INDEX areas_path ON areas(path);

CREATE TABLE village_groups (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES areas(id),
  grid_id INTEGER REFERENCES areas(id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  population INTEGER NOT NULL DEFAULT 0 CHECK (population >= 0),
  households INTEGER NOT NULL DEFAULT 0 CHECK (households >= 0),
  created_at BIGINT NOT NULL
);
CREATE INDEX village_groups_community ON village_groups(community_id);

CREATE TABLE team_roles (
  role TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  -- 1: every grid has exactly one member in this role.
  required INTEGER NOT NULL DEFAULT 0,
  sort INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE role_duties (
  id INTEGER PRIMARY KEY,
  role TEXT NOT NULL REFERENCES team_roles(role),
  seq INTEGER NOT NULL,
  text TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (role, seq)
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('system_admin','security_admin','auditor',
    'street_leader','community_leader','grid_staff','patrol_member')),
  locale TEXT NOT NULL DEFAULT 'zh-CN',
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  password_changed_at BIGINT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

CREATE TABLE user_scopes (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  area_id INTEGER NOT NULL REFERENCES areas(id),
  PRIMARY KEY (user_id, area_id)
);

CREATE TABLE sessions (
  token_digest TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  remote_addr TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE team_members (
  id INTEGER PRIMARY KEY,
  grid_id INTEGER NOT NULL REFERENCES areas(id),
  role TEXT NOT NULL REFERENCES team_roles(role),
  name TEXT NOT NULL,
  -- Work phones are shown on the grid's public notice board (网格公示牌).
  phone TEXT NOT NULL DEFAULT '',
  user_id INTEGER REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX team_members_grid ON team_members(grid_id);
CREATE UNIQUE INDEX team_members_single_role ON team_members(grid_id, role)
  WHERE role IN ('leader','community_worker','group_leader');

CREATE TABLE addresses (
  id INTEGER PRIMARY KEY,
  grid_id INTEGER NOT NULL REFERENCES areas(id),
  estate TEXT NOT NULL,
  building TEXT NOT NULL DEFAULT '',
  unit TEXT NOT NULL DEFAULT '',
  room TEXT NOT NULL DEFAULT '',
  full_text TEXT NOT NULL,
  lon DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  created_at BIGINT NOT NULL,
  UNIQUE (grid_id, estate, building, unit, room)
);
CREATE INDEX addresses_full_text ON addresses(full_text);

CREATE TABLE houses (
  id INTEGER PRIMARY KEY,
  grid_id INTEGER NOT NULL REFERENCES areas(id),
  address_id INTEGER NOT NULL UNIQUE REFERENCES addresses(id),
  use TEXT NOT NULL DEFAULT 'own' CHECK (use IN ('own','rental','shop_residence','vacant','other')),
  structure TEXT NOT NULL DEFAULT '',
  floor_area DOUBLE PRECISION,
  is_rental INTEGER NOT NULL DEFAULT 0,
  landlord_name TEXT NOT NULL DEFAULT '',
  landlord_phone_enc TEXT,
  landlord_phone_masked TEXT NOT NULL DEFAULT '',
  lease_filing_no TEXT NOT NULL DEFAULT '',
  rooms_let INTEGER,
  max_occupants INTEGER,
  hidden_danger TEXT NOT NULL DEFAULT 'safe' CHECK (hidden_danger IN ('safe','general','serious')),
  pledge_signed INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX houses_grid ON houses(grid_id);

CREATE TABLE households (
  id INTEGER PRIMARY KEY,
  grid_id INTEGER NOT NULL REFERENCES areas(id),
  address_id INTEGER REFERENCES addresses(id),
  house_id INTEGER REFERENCES houses(id),
  household_no TEXT NOT NULL UNIQUE,
  head_name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'registered' CHECK (kind IN ('registered','rental','merchant','collective')),
  phone_enc TEXT,
  phone_masked TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX households_grid ON households(grid_id);
CREATE INDEX households_head ON households(head_name);

CREATE TABLE residents (
  id INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES households(id),
  -- Always the household's grid; kept here so that scope checks and counts
  -- per grid need no join at city scale.
  grid_id INTEGER NOT NULL REFERENCES areas(id),
  name TEXT NOT NULL,
  gender TEXT NOT NULL CHECK (gender IN ('M','F')),
  birth_date TEXT,
  id_card_enc TEXT,
  id_card_masked TEXT NOT NULL DEFAULT '',
  id_card_index TEXT,
  phone_enc TEXT,
  phone_masked TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL CHECK (category IN ('registered','floating','foreign')),
  hukou_status TEXT NOT NULL DEFAULT 'together' CHECK (hukou_status IN ('together','household_only','person_only')),
  relation TEXT NOT NULL DEFAULT '',
  ethnicity TEXT NOT NULL DEFAULT '',
  nationality TEXT NOT NULL DEFAULT '',
  passport_enc TEXT,
  passport_masked TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL DEFAULT '',
  arrival_date TEXT,
  reason TEXT NOT NULL DEFAULT '',
  expected_stay_months INTEGER,
  registration_deadline TEXT,
  registered_on TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX residents_id_card ON residents(id_card_index) WHERE id_card_index IS NOT NULL;
CREATE INDEX residents_household ON residents(household_id);
CREATE INDEX residents_grid ON residents(grid_id, category);
CREATE INDEX residents_name ON residents(name);

CREATE TABLE tag_types (
  code TEXT PRIMARY KEY,
  group_kind TEXT NOT NULL CHECK (group_kind IN ('care','key')),
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  sort INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE resident_tags (
  resident_id INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
  tag TEXT NOT NULL REFERENCES tag_types(code),
  detail TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  PRIMARY KEY (resident_id, tag)
);
CREATE INDEX resident_tags_tag ON resident_tags(tag);

CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  grid_id INTEGER NOT NULL REFERENCES areas(id),
  address_id INTEGER REFERENCES addresses(id),
  household_id INTEGER REFERENCES households(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('shop','company','outside_merchant','school','key_place','other')),
  business TEXT NOT NULL DEFAULT '',
  contact_name TEXT NOT NULL DEFAULT '',
  contact_phone_enc TEXT,
  contact_phone_masked TEXT NOT NULL DEFAULT '',
  license_no TEXT NOT NULL DEFAULT '',
  employees INTEGER,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX units_grid ON units(grid_id, kind);

CREATE TABLE patrol_teams (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES areas(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('volunteer','night','supervision','other')),
  created_at BIGINT NOT NULL,
  UNIQUE (community_id, name)
);

CREATE TABLE patrol_members (
  id INTEGER PRIMARY KEY,
  team_id INTEGER NOT NULL REFERENCES patrol_teams(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  resident_id INTEGER REFERENCES residents(id),
  is_leader INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX patrol_members_team ON patrol_members(team_id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at BIGINT NOT NULL,
  user_id INTEGER,
  username TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  target_type TEXT NOT NULL DEFAULT '',
  target_id TEXT NOT NULL DEFAULT '',
  -- JSON; never holds a sensitive value in plain text.
  detail TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL CHECK (result IN ('ok','denied','failed')),
  remote_addr TEXT NOT NULL DEFAULT '',
  -- Each record's hash covers the previous record's hash: editing or
  -- deleting a row breaks the chain from that row on.
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_user ON audit_log(user_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
