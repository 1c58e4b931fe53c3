-- One row per case of an evaluation (package evaluation): the original run or dataset case,
-- the new run, and how they compare. Kept here, not in the evaluation run's variables: the
-- outcomes and diffs are long texts, and a list variable of every case would be rewritten
-- (and copied into history) by each case that finishes, by parallel branches at once.
CREATE TABLE evaluation_case (
    evaluation_id VARCHAR(64) NOT NULL,
    case_index INT NOT NULL,
    run_id VARCHAR(64),
    dataset_case VARCHAR(200),
    new_run_id VARCHAR(64),
    status VARCHAR(16) NOT NULL,
    live_from TEXT,
    verdict VARCHAR(16),
    reason TEXT,
    diff TEXT,
    original_outcome TEXT,
    new_outcome TEXT,
    original_tokens BIGINT,
    new_tokens BIGINT,
    original_cost DECIMAL(19, 6),
    new_cost DECIMAL(19, 6),
    original_ms BIGINT,
    new_ms BIGINT,
    error TEXT,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (evaluation_id, case_index)
);
