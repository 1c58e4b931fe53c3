-- The trace and span of each model call (OpenTelemetry), so a transcript entry leads to its trace;
-- for a replayed run, the recorded call that answered it instead of a model.
ALTER TABLE agent_call ADD COLUMN trace_id VARCHAR(32);
ALTER TABLE agent_call ADD COLUMN span_id VARCHAR(16);
ALTER TABLE agent_call ADD COLUMN replay_of VARCHAR(36);
-- NULL: the model answered; 'replayed': a recording answered, in a replay (no model call).
ALTER TABLE agent_call ADD COLUMN source VARCHAR(16);
-- Among the completions of one process instance that collect answers (a map or list filled by
-- parallel branches), the place of this call's task: a replay completes them in this order.
ALTER TABLE agent_call ADD COLUMN completed_seq INTEGER;
-- A recorded answer answers one call of a replay: a second claim of it fails.
CREATE UNIQUE INDEX agent_call_replay_of ON agent_call (run_id, replay_of);

-- What a run was started with, whatever the route (API, Tasklist, /engine-rest), so it can be
-- replayed; and, for a replay, the run whose recorded answers it is given.
CREATE TABLE run_input (
    run_id                VARCHAR(64)  PRIMARY KEY,
    process_definition_id VARCHAR(64)  NOT NULL,
    input                 TEXT,
    input_error           VARCHAR(1000),
    replay_of             VARCHAR(64),
    started_at            TIMESTAMP(3) WITH TIME ZONE NOT NULL
);
