-- Which reader first saw a person's message at seen_by_turn: false when the turn itself did,
-- true when a step of the conversation before that turn did (a selector's pick, or any agent
-- task whose prompt shows the conversation while it runs), so a replay puts the message back
-- before that step. Rows recorded before this version are taken as seen before the turn, as
-- their replays delivered them then (when the turn before completed).
ALTER TABLE conversation_message ADD COLUMN seen_before_turn BOOLEAN DEFAULT TRUE NOT NULL;
