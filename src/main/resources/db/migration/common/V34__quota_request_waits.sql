-- Which runs' agent tasks waited for a quota request's decision: the run whose call opened
-- the request and every other run that met the same spent quota meanwhile (or after a
-- refusal), so each run's transcript shows the decision at the point where its call was
-- held (call_key: the waiting external task, one per instance of a multi-instance task). Kept
-- with the request as part of its audit.
CREATE TABLE quota_request_wait (
  request_id VARCHAR(64) NOT NULL,
  run_id VARCHAR(64) NOT NULL,
  call_key VARCHAR(255) NOT NULL,
  activity_id VARCHAR(255),
  process_instance_id VARCHAR(64),
  agent VARCHAR(255),
  waited_from TIMESTAMP NOT NULL,
  CONSTRAINT pk_quota_request_wait PRIMARY KEY (request_id, run_id, call_key)
);
CREATE INDEX ix_quota_request_wait_run ON quota_request_wait (run_id);
