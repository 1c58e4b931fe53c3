-- One row per model call: the transcript of a run, and the source of each agent's memory.
CREATE TABLE agent_call (
    id                 VARCHAR(36)  PRIMARY KEY,
    run_id             VARCHAR(64)  NOT NULL,
    process_instance_id VARCHAR(64) NOT NULL,
    activity_id        VARCHAR(255) NOT NULL,
    external_task_id   VARCHAR(64),
    agent              VARCHAR(255) NOT NULL,
    model              VARCHAR(255),
    prompt             CLOB         NOT NULL,
    response           CLOB,
    error              CLOB,
    context_messages   CLOB         NOT NULL,
    started_at         TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    ended_at           TIMESTAMP(3) WITH TIME ZONE,
    latency_ms         BIGINT,
    prompt_tokens      INTEGER,
    completion_tokens  INTEGER,
    attempt            INTEGER      NOT NULL,
    worker             VARCHAR(255) NOT NULL
);
CREATE INDEX agent_call_run ON agent_call (run_id, started_at);
CREATE INDEX agent_call_memory ON agent_call (run_id, agent, started_at);
