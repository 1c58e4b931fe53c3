-- A note on a call: what became of an answer that was not used as given (e.g. the fallback
-- an answer rule took), so the transcript says it where the answer is.
ALTER TABLE agent_call ADD COLUMN note TEXT;
