-- Every input row is accounted for in runs: read = accepted + rejected + excluded, and of the
-- accepted rows those dated after the as-of date are ignored (not used).
ALTER TABLE runs ADD COLUMN rows_excluded BIGINT;   -- excluded by policy (--returns exclude)
ALTER TABLE runs ADD COLUMN rows_ignored BIGINT;    -- accepted, but dated after --as-of
ALTER TABLE runs ADD COLUMN rows_duplicate BIGINT;  -- identical to an earlier row (kept or dropped, see parameters.duplicates)
