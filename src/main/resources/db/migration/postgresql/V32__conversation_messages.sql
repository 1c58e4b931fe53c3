-- People's messages into a run's conversation (POST /api/runs/{id}/messages), kept so a
-- replay re-delivers each at the same point. list_index is where the message entered the
-- conversation list, after_turn the number of turns taken then (its entry's 'turn'),
-- seen_by_turn the first turn whose chat showed it (null: no turn did) and
-- seen_after_stalls the stall decisions taken before that turn read it (a stalled turn is
-- taken again after one); replay_of names the original's message a replay re-delivered.
CREATE TABLE conversation_message (
    id                 VARCHAR(36)  PRIMARY KEY,
    run_id             VARCHAR(64)  NOT NULL,
    list_index         INT          NOT NULL,
    after_turn         INT          NOT NULL,
    sender             VARCHAR(255) NOT NULL,
    content            TEXT         NOT NULL,
    seen_by_turn       INT,
    seen_after_stalls  INT,
    replay_of          VARCHAR(36),
    created_at         TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX conversation_message_run ON conversation_message (run_id, list_index);
-- Runs recorded before this version kept no such record: false for them, true for new ones.
ALTER TABLE run_input ADD COLUMN people_recorded BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE run_input ALTER COLUMN people_recorded SET DEFAULT TRUE;
