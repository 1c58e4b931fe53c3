-- Requests to an administrator to allow more of a spent quota (on-exhausted: ask), one row
-- per request, kept with its decision as the audit of who allowed how much, or refused, and
-- when. open_key holds the quota key and window while the request waits for a decision and
-- is NULL once decided: its unique constraint keeps one open request per quota and window
-- however many runs and nodes meet the spent quota at once (NULLs do not collide).
CREATE TABLE quota_request (
  id VARCHAR(64) NOT NULL,
  quota_key VARCHAR(400) NOT NULL,
  window_start TIMESTAMP NOT NULL,
  open_key VARCHAR(450),
  run_id VARCHAR(64),
  process_instance_id VARCHAR(64),
  activity_id VARCHAR(255),
  agent VARCHAR(255),
  asked_at TIMESTAMP NOT NULL,
  decision VARCHAR(16),
  decided_by VARCHAR(255),
  decided_at TIMESTAMP,
  extra_calls BIGINT DEFAULT 0 NOT NULL,
  extra_tokens BIGINT DEFAULT 0 NOT NULL,
  extra_cost DECIMAL(20, 6) DEFAULT 0 NOT NULL,
  reason VARCHAR(4000),
  CONSTRAINT pk_quota_request PRIMARY KEY (id),
  CONSTRAINT uq_quota_request_open UNIQUE (open_key)
);
CREATE INDEX ix_quota_request_window ON quota_request (quota_key, window_start);
