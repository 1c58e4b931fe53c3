-- Datasets: named sets of cases an evaluation runs against a process version. A case is
-- the input a run starts with (a JSON object), optionally the facts or criteria a judge
-- checks the outcome against, and the recorded run it was made from. case_order keeps the
-- order of the file or request the cases came in, so an export gives them back in it.
CREATE TABLE dataset (
    name        VARCHAR(100) PRIMARY KEY,
    process_key VARCHAR(255),
    created_by  VARCHAR(255) NOT NULL,
    created_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL
);
CREATE TABLE dataset_case (
    dataset_name  VARCHAR(100) NOT NULL,
    case_order    INT          NOT NULL,
    case_id       VARCHAR(200) NOT NULL,
    input         CLOB         NOT NULL,
    expected      CLOB,
    source_run_id VARCHAR(64),
    CONSTRAINT pk_dataset_case PRIMARY KEY (dataset_name, case_order),
    CONSTRAINT dataset_case_id UNIQUE (dataset_name, case_id),
    CONSTRAINT dataset_case_of FOREIGN KEY (dataset_name) REFERENCES dataset (name) ON DELETE CASCADE
);
-- A person's direct question to one agent (POST /api/agents/{name}/ask): its model call is
-- in agent_call under run_id (ask-<uuid>, no process instance); this row says who asked,
-- which decides who may read it.
CREATE TABLE agent_ask (
    run_id   VARCHAR(64)  PRIMARY KEY,
    agent    VARCHAR(255) NOT NULL,
    asked_by VARCHAR(255) NOT NULL,
    asked_at TIMESTAMP(3) WITH TIME ZONE NOT NULL
);
CREATE INDEX agent_ask_by_agent ON agent_ask (agent, asked_at);
