-- A replay's mode (replay/ReplayRequest): with go_live, the live model answers from the first
-- call that differs from the recording on (live_from_call, with the prompt the recording
-- expected there); tools that change the world run then only with tools_may_act; agent_overrides
-- (JSON: agent name to {model, systemPrompt}) change agents for this run only.
ALTER TABLE run_input ADD COLUMN go_live BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE run_input ADD COLUMN tools_may_act BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE run_input ADD COLUMN agent_overrides TEXT;
ALTER TABLE run_input ADD COLUMN live_from_call VARCHAR(36);
ALTER TABLE run_input ADD COLUMN live_expected_prompt TEXT;
-- The call of a replay where it went live (the first that differed from the recording).
ALTER TABLE agent_call ADD COLUMN live_from BOOLEAN;
-- A replay's tool call answered from the recorded call of the original run (tool not called again).
ALTER TABLE tool_call ADD COLUMN replay_of VARCHAR(36);
-- The transcript's contract names a recorded answer's source 'replay'.
UPDATE agent_call SET source = 'replay' WHERE source = 'replayed';
