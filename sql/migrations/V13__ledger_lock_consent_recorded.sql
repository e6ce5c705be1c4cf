-- Publications, consent changes and erasures change the same periods and customers: each takes
-- this row's lock first (SELECT ... FOR UPDATE), so two of them never interleave.
INSERT INTO store_settings (setting, setting_value)
VALUES ('ledger_lock', 'locked by publications, consent changes and erasures');

-- When the store learned of a consent change (changed_at is when the customer made it, and may be
-- long before): an export's snapshot uses the consent the store knew at the snapshot's instant, so
-- exporting a date again gives the same files, and its changes are those between shipped files.
ALTER TABLE consent ADD COLUMN recorded_at TIMESTAMP;
UPDATE consent SET recorded_at = changed_at;
ALTER TABLE consent ALTER COLUMN recorded_at SET NOT NULL;
