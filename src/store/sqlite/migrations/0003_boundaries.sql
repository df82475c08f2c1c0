-- Boundaries of areas (communities, grids, ...) and village groups as
-- RFC 7946 GeoJSON geometry text (WGS84), portable across both backends.
-- boundary_version grows with every change so that each server process
-- can tell when to rebuild its in-memory point locator.
ALTER TABLE areas ADD COLUMN boundary TEXT;
ALTER TABLE village_groups ADD COLUMN boundary TEXT;
INSERT INTO settings (key, value, updated_at) VALUES ('boundary_version', '0', 0);
