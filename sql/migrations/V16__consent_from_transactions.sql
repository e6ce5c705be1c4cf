-- Consent stated in the transactions a run read (a consent column of the input): each customer's
-- newest statement, 'granted' or 'withdrawn', and when it was made (the row's instant, UTC).
-- Publishing the run records the statements in consent, like those of `bin/segment consent`.
ALTER TABLE customer_rfm ADD COLUMN consent VARCHAR;
ALTER TABLE customer_rfm ADD COLUMN consent_changed_at TIMESTAMP;
