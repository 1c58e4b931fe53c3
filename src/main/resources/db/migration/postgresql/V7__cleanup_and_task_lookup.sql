-- Each delivery of an agent task looks up what earlier deliveries recorded by its call key
-- (external_task_id = ?), on every model call; the run's calls are found by run_id already.
-- varchar_pattern_ops compares character by character whatever the database's collation,
-- so the same index also serves the prefix match of a key's follow-up calls
-- (external_task_id LIKE '<key>/%'), which a default index serves only under the "C"
-- collation; call keys are never compared with < or >.
CREATE INDEX agent_call_task ON agent_call (external_task_id varchar_pattern_ops);
-- The cleanup of runs whose history is gone keeps the original of a replay that is still
-- running: it looks replays up by their original.
CREATE INDEX run_input_replay_of ON run_input (replay_of);
