-- bin/segment prune deletes the per-customer detail of old runs (customer_rfm,
-- segment_assignments, personas) and keeps the runs row: pruned_at says when its detail went.
ALTER TABLE runs ADD COLUMN pruned_at TIMESTAMP;
