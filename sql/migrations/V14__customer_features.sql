-- The features each run clustered on, per customer: what a data scientist checks a persona
-- against. features is a JSON object feature -> value in original units (the feature set depends
-- on the run: RFM, plus behaviour with --clicks); behaviour says whether behavioural data was used
-- (used / declined / none; NULL when not asked). Per-run detail, pruned with the run.
CREATE TABLE customer_features (
    run_id      VARCHAR NOT NULL,
    customer_id VARCHAR NOT NULL,
    features    VARCHAR NOT NULL,
    behaviour   VARCHAR,
    CONSTRAINT customer_features_key PRIMARY KEY (run_id, customer_id)
);
CREATE INDEX customer_features_customer ON customer_features (customer_id);
