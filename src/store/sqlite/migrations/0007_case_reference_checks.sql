-- The reference rows that cases point at are never deleted (PostgreSQL's
-- 0007 says why it checks this here instead of per case insert). SQLite
-- keeps its foreign keys, whose checks are cheap lookups there; these
-- triggers make the rule the same on both backends.
CREATE TRIGGER areas_kept BEFORE DELETE ON areas
BEGIN SELECT RAISE(ABORT, 'areas rows are never deleted: cases refer to them'); END;
CREATE TRIGGER case_categories_kept BEFORE DELETE ON case_categories
BEGIN SELECT RAISE(ABORT, 'case_categories rows are never deleted: cases refer to them'); END;
CREATE TRIGGER category_policies_kept BEFORE DELETE ON category_policies
BEGIN SELECT RAISE(ABORT, 'category_policies rows are never deleted: cases refer to them'); END;
CREATE TRIGGER org_units_kept BEFORE DELETE ON org_units
BEGIN SELECT RAISE(ABORT, 'org_units rows are never deleted: cases refer to them'); END;
CREATE TRIGGER users_kept BEFORE DELETE ON users
BEGIN SELECT RAISE(ABORT, 'users rows are never deleted: cases refer to them'); END;
