-- What each guardrail decided about a call's prompt and answer (a JSON list), so the
-- transcript shows it where the call is; NULL for a call without guardrails.
ALTER TABLE agent_call ADD COLUMN guardrails TEXT;
