-- One row per tool call an agent's model asked for: written when the model's answer is
-- recorded, completed when the tool has run. A result or error once recorded is never
-- replaced, so a task delivered twice does not run a recorded tool call again.
CREATE TABLE tool_call (
    id                 VARCHAR(36)  PRIMARY KEY,
    run_id             VARCHAR(64)  NOT NULL,
    model_call_id      VARCHAR(36)  NOT NULL,
    call_key           VARCHAR(255) NOT NULL,
    step               INTEGER      NOT NULL,
    position           INTEGER      NOT NULL,
    request_id         VARCHAR(255),
    tool               VARCHAR(255) NOT NULL,
    arguments          CLOB         NOT NULL,
    result             CLOB,
    error              CLOB,
    started_at         TIMESTAMP(3) WITH TIME ZONE,
    ended_at           TIMESTAMP(3) WITH TIME ZONE,
    latency_ms         BIGINT,
    worker             VARCHAR(255),
    CONSTRAINT tool_call_once UNIQUE (call_key, step, position)
);
CREATE INDEX tool_call_run ON tool_call (run_id);
CREATE INDEX tool_call_model_call ON tool_call (model_call_id);

-- The run's shared workspace: text under a key, written and read by agents' tools.
CREATE TABLE run_workspace (
    run_id             VARCHAR(64)  NOT NULL,
    entry_key          VARCHAR(255) NOT NULL,
    content            CLOB         NOT NULL,
    updated_at         TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (run_id, entry_key)
);
