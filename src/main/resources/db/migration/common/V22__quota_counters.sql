-- One counter per quota and window (a calendar day or month, UTC; a run's budget: the whole
-- run, window 1970-01-01): what calls used, what calls in flight reserved, and what an
-- administrator allowed on top of the configured limits, with who did so and when.
CREATE TABLE quota_counter (
  quota_key VARCHAR(400) NOT NULL,
  window_start TIMESTAMP NOT NULL,
  calls BIGINT DEFAULT 0 NOT NULL,
  tokens BIGINT DEFAULT 0 NOT NULL,
  cost DECIMAL(20, 6) DEFAULT 0 NOT NULL,
  reserved_calls BIGINT DEFAULT 0 NOT NULL,
  reserved_tokens BIGINT DEFAULT 0 NOT NULL,
  reserved_cost DECIMAL(20, 6) DEFAULT 0 NOT NULL,
  extra_calls BIGINT DEFAULT 0 NOT NULL,
  extra_tokens BIGINT DEFAULT 0 NOT NULL,
  extra_cost DECIMAL(20, 6) DEFAULT 0 NOT NULL,
  raised_by VARCHAR(255),
  raised_at TIMESTAMP,
  CONSTRAINT pk_quota_counter PRIMARY KEY (quota_key, window_start)
);
