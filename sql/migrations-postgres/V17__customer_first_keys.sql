-- PostgreSQL only: the per-run tables' primary keys lead with customer_id, and the separate
-- customer indexes go. Within a partition run_id is one value, so (customer_id, run_id) serves every
-- lookup by customer (erasure, the current-segment view) that the customer index served, and a
-- run's publication builds one index per table instead of two; comparing a constant run id first
-- also made the old key slower to build (measured: 2.2 s + 1.3 s against 1.3 s per 1M rows).
ALTER TABLE run_assignments DROP CONSTRAINT run_assignments_key;
ALTER TABLE run_assignments ADD CONSTRAINT run_assignments_key PRIMARY KEY (customer_id, run_id);
DROP INDEX run_assignments_customer;

ALTER TABLE customer_rfm DROP CONSTRAINT customer_rfm_key;
ALTER TABLE customer_rfm ADD CONSTRAINT customer_rfm_key
    PRIMARY KEY (customer_id, definition, run_id);
DROP INDEX customer_rfm_customer;

ALTER TABLE customer_features DROP CONSTRAINT customer_features_key;
ALTER TABLE customer_features ADD CONSTRAINT customer_features_key
    PRIMARY KEY (customer_id, run_id);
DROP INDEX customer_features_customer;
