-- Each delivery of an agent task looks up what earlier deliveries recorded by its call key
-- (external_task_id = ?), on every model call; the run's calls are found by run_id already.
CREATE INDEX agent_call_task ON agent_call (external_task_id);
-- The cleanup of runs whose history is gone keeps the original of a replay that is still
-- running: it looks replays up by their original.
CREATE INDEX run_input_replay_of ON run_input (replay_of);
