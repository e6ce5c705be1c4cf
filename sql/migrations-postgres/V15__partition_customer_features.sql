-- PostgreSQL only: customer_features partitioned by run, like run_assignments and customer_rfm
-- (V11). V14 has just made the table: it holds no rows yet.
DROP TABLE customer_features;
CREATE TABLE customer_features (
    run_id      VARCHAR NOT NULL,
    customer_id VARCHAR NOT NULL,
    features    VARCHAR NOT NULL,
    behaviour   VARCHAR,
    CONSTRAINT customer_features_key PRIMARY KEY (run_id, customer_id)
) PARTITION BY LIST (run_id);
CREATE INDEX customer_features_customer ON customer_features (customer_id);
CREATE TABLE customer_features_other PARTITION OF customer_features DEFAULT;
