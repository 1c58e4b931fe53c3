-- A person's decision on a tool call that needs approval (agent task property
-- approveTools, agents.<name>.approve-tools), kept with the call: the hash of the
-- arguments the approval showed (set when the call is handed to a person), then who
-- decided, when, what, why, and the arguments approved with their hash. The agent task
-- runs the tool with exactly approved_arguments, and only when the decision it is handed
-- back carries arguments of approved_hash.
ALTER TABLE tool_call ADD COLUMN approval_hash VARCHAR(64);
ALTER TABLE tool_call ADD COLUMN decision VARCHAR(16);
ALTER TABLE tool_call ADD COLUMN decision_reason TEXT;
ALTER TABLE tool_call ADD COLUMN decided_by VARCHAR(255);
ALTER TABLE tool_call ADD COLUMN decided_at TIMESTAMPTZ(3);
ALTER TABLE tool_call ADD COLUMN approved_arguments TEXT;
ALTER TABLE tool_call ADD COLUMN approved_hash VARCHAR(64);
