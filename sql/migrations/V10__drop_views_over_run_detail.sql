-- The views over the per-run detail tables (run_assignments, customer_rfm) go before V11, which
-- on PostgreSQL makes those tables partitioned by run (sql/migrations-postgres); V12 makes the
-- same views again on both stores.
DROP VIEW crm_segment_export;
DROP VIEW segment_assignments;
DROP VIEW migration_matrix;
DROP VIEW run_pairs;
DROP VIEW segment_trend;
DROP VIEW persona_profiles;
DROP VIEW segment_revenue;
DROP VIEW segment_sizes;
DROP VIEW latest_segments;
DROP VIEW rfm_grid;
DROP VIEW latest_rfm;
