-- PostgreSQL only: the per-run detail tables are partitioned by run (LIST on run_id), one
-- partition per run. A run's rows are COPYed into a staging table that, when the run succeeds, is
-- indexed and attached as the run's partition: publishing does not rewrite a million rows, and
-- pruning a run drops its partition. The embedded store keeps plain tables (same columns, same
-- queries). Existing rows move into one partition per run.

ALTER TABLE run_assignments RENAME TO run_assignments_v9;
ALTER INDEX run_assignments_customer RENAME TO run_assignments_v9_customer;
ALTER INDEX run_assignments_persona RENAME TO run_assignments_v9_persona;
CREATE TABLE run_assignments (LIKE run_assignments_v9 INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY LIST (run_id);
ALTER TABLE run_assignments ADD CONSTRAINT run_assignments_key PRIMARY KEY (run_id, customer_id);
CREATE INDEX run_assignments_customer ON run_assignments (customer_id);

ALTER TABLE customer_rfm RENAME TO customer_rfm_v9;
ALTER INDEX customer_rfm_customer RENAME TO customer_rfm_v9_customer;
ALTER INDEX customer_rfm_segment RENAME TO customer_rfm_v9_segment;
CREATE TABLE customer_rfm (LIKE customer_rfm_v9 INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY LIST (run_id);
ALTER TABLE customer_rfm ADD CONSTRAINT customer_rfm_key
    PRIMARY KEY (run_id, customer_id, definition);
CREATE INDEX customer_rfm_customer ON customer_rfm (customer_id);

-- rows written other than by a run's publication (by hand, by a tool) land in a default
-- partition; a run's publication moves its run id's rows out of it
CREATE TABLE run_assignments_other PARTITION OF run_assignments DEFAULT;
CREATE TABLE customer_rfm_other PARTITION OF customer_rfm DEFAULT;

DO $$
DECLARE
    t text;
    r record;
BEGIN
    FOREACH t IN ARRAY ARRAY['run_assignments', 'customer_rfm'] LOOP
        FOR r IN EXECUTE format('SELECT DISTINCT run_id FROM %I', t || '_v9') LOOP
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES IN (%L)',
                           'part_' || t || '_' || substr(md5(r.run_id), 1, 12), t, r.run_id);
        END LOOP;
        EXECUTE format('INSERT INTO %I SELECT * FROM %I', t, t || '_v9');
        EXECUTE format('DROP TABLE %I', t || '_v9');
    END LOOP;
END
$$;
