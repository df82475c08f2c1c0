-- Case intake on PostgreSQL (issue 4 benchmark): a foreign key check from a
-- new row locks the row it refers to (SELECT ... FOR KEY SHARE), and every
-- new case referred to the same few hot rows (its category, policy, grid,
-- community, owner area and reporter), so concurrent batches shared those
-- locks through multixacts: half of the insert's cost. Those rows are
-- reference data that wangge never deletes (areas, categories, policies
-- and org units are edited or retired; users are disabled), so the checks
-- move from each case insert to the one place that could break them: a
-- delete of the referenced row, refused here. The event → case key stays.
ALTER TABLE cases
  DROP CONSTRAINT cases_category_id_fkey,
  DROP CONSTRAINT cases_policy_id_fkey,
  DROP CONSTRAINT cases_grid_id_fkey,
  DROP CONSTRAINT cases_community_id_fkey,
  DROP CONSTRAINT cases_owner_area_id_fkey,
  DROP CONSTRAINT cases_owner_org_id_fkey,
  DROP CONSTRAINT cases_reporter_user_id_fkey,
  DROP CONSTRAINT cases_handler_user_id_fkey;

CREATE FUNCTION reference_row_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never deleted: cases refer to them', TG_TABLE_NAME
    USING ERRCODE = 'foreign_key_violation';
END;
$$;
CREATE TRIGGER areas_kept BEFORE DELETE ON areas
FOR EACH ROW EXECUTE FUNCTION reference_row_kept();
CREATE TRIGGER case_categories_kept BEFORE DELETE ON case_categories
FOR EACH ROW EXECUTE FUNCTION reference_row_kept();
CREATE TRIGGER category_policies_kept BEFORE DELETE ON category_policies
FOR EACH ROW EXECUTE FUNCTION reference_row_kept();
CREATE TRIGGER org_units_kept BEFORE DELETE ON org_units
FOR EACH ROW EXECUTE FUNCTION reference_row_kept();
CREATE TRIGGER users_kept BEFORE DELETE ON users
FOR EACH ROW EXECUTE FUNCTION reference_row_kept();
CREATE TRIGGER areas_kept_truncate BEFORE TRUNCATE ON areas
FOR EACH STATEMENT EXECUTE FUNCTION reference_row_kept();
CREATE TRIGGER users_kept_truncate BEFORE TRUNCATE ON users
FOR EACH STATEMENT EXECUTE FUNCTION reference_row_kept();
