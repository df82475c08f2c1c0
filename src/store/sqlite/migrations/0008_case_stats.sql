-- Statistics for the command-centre big screen (issue 5): counters that the
-- case writes keep in the same transaction (store/case_stats_store.h), so
-- that the statistics API reads thousands of rows instead of every case.
--
-- One row per local (Asia/Shanghai, UTC+8) day and area, for each grid and
-- each community: the total of its cases (category_id 0, source ''), and
-- the same per 小类 (source '') and per source (category_id 0); a street's
-- month is then a few thousand rows. For the cases reported that day: how
-- many (created) and how many of them are in each state now (in_*;
-- in_closed_on_time: closed with every step within its limit). For the
-- cases closed that day and still closed: closed and closed_on_time. `day`
-- counts days since 1970-01-01.
CREATE TABLE case_stats_daily (
  area_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  category_id INTEGER NOT NULL,
  source TEXT NOT NULL,
  created INTEGER NOT NULL DEFAULT 0,
  in_reported INTEGER NOT NULL DEFAULT 0,
  in_accepted INTEGER NOT NULL DEFAULT 0,
  in_dispatched INTEGER NOT NULL DEFAULT 0,
  in_handled INTEGER NOT NULL DEFAULT 0,
  in_shelved INTEGER NOT NULL DEFAULT 0,
  in_closed INTEGER NOT NULL DEFAULT 0,
  in_closed_on_time INTEGER NOT NULL DEFAULT 0,
  in_voided INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  closed_on_time INTEGER NOT NULL DEFAULT 0,
  -- Queries ask for the areas that cover a scope over a run of days.
  PRIMARY KEY (area_id, day, category_id, source)
) WITHOUT ROWID;

-- The figures of now (cases open and overdue) are counted from the open
-- cases of a scope alone: the grid and state index that lists use already
-- finds them, and with the category, source and deadline in it as well it
-- answers without reading a case row. Wider entries in an index intake
-- writes anyway cost less than any counter row or index more.
DROP INDEX cases_grid_state;
CREATE INDEX cases_grid_state ON cases(grid_id, state, category_id, source,
  step_deadline_at);

-- Backfill from the cases there are (the same statement as
-- CaseStatsStore::Rebuild): each case counts on the day it was reported
-- and, closed, on the day it closed, in its grid's rows and its
-- community's (lvl), as its 小类's, its source's and the total (kind).
INSERT INTO case_stats_daily (area_id, day, category_id, source, created,
  in_reported, in_accepted, in_dispatched, in_handled, in_shelved, in_closed,
  in_closed_on_time, in_voided, closed, closed_on_time)
SELECT CASE WHEN v.lvl = 0 THEN c.grid_id ELSE c.community_id END, c.day,
  CASE WHEN v.kind = 1 THEN c.category_id ELSE 0 END,
  CASE WHEN v.kind = 2 THEN c.source ELSE '' END,
  SUM(c.created), SUM(c.in_reported), SUM(c.in_accepted),
  SUM(c.in_dispatched), SUM(c.in_handled), SUM(c.in_shelved),
  SUM(c.in_closed), SUM(c.in_closed_on_time), SUM(c.in_voided),
  SUM(c.closed), SUM(c.closed_on_time)
FROM (
  SELECT grid_id, community_id, (created_at + 28800000) / 86400000 AS day,
    category_id, source, 1 AS created,
    CASE WHEN state = 'reported' THEN 1 ELSE 0 END AS in_reported,
    CASE WHEN state = 'accepted' THEN 1 ELSE 0 END AS in_accepted,
    CASE WHEN state = 'dispatched' THEN 1 ELSE 0 END AS in_dispatched,
    CASE WHEN state = 'handled' THEN 1 ELSE 0 END AS in_handled,
    CASE WHEN state = 'shelved' THEN 1 ELSE 0 END AS in_shelved,
    CASE WHEN state = 'closed' THEN 1 ELSE 0 END AS in_closed,
    CASE WHEN state = 'closed' AND on_time <> 0 THEN 1 ELSE 0 END
      AS in_closed_on_time,
    CASE WHEN state = 'voided' THEN 1 ELSE 0 END AS in_voided,
    0 AS closed, 0 AS closed_on_time
  FROM cases
  UNION ALL
  SELECT grid_id, community_id, (closed_at + 28800000) / 86400000,
    category_id, source, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    CASE WHEN on_time <> 0 THEN 1 ELSE 0 END
  FROM cases WHERE state = 'closed' AND closed_at IS NOT NULL
) AS c
CROSS JOIN (SELECT 0 AS lvl, 0 AS kind UNION ALL SELECT 0, 1
  UNION ALL SELECT 0, 2 UNION ALL SELECT 1, 0 UNION ALL SELECT 1, 1
  UNION ALL SELECT 1, 2) AS v
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4;
