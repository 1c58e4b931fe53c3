-- The MCP server whose tool a call ran, as it was named when the model asked for it:
-- the transcript keeps naming it after an administrator renames or drops the server.
-- Null for Java and process tools, and for calls recorded before this version (the
-- transcript then names the server the configuration has for the tool now).
ALTER TABLE tool_call ADD COLUMN server VARCHAR(200);
