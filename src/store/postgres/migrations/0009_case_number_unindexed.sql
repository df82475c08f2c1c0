-- Case numbers ({community code}-{year}-{seq}) lose their UNIQUE index.
-- They are unique by construction: every number is reserved from
-- case_counters inside the transaction that writes the case (intake and
-- `wangge synth` alike), and nothing looks a case up by its number through
-- an index (searches match it with LIKE '%...%'). On the intake path the
-- index was one more B-tree leaf per community in every batch
-- (docs/PERFORMANCE.md).
ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_number_key;
