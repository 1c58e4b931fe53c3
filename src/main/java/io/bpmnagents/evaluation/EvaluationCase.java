package io.bpmnagents.evaluation;

import java.util.Map;

/**
 * One case as the evaluation run holds it: a recorded run to replay against the target,
 * or a dataset case's input to start the target with (and what its outcome should say).
 *
 * @param number the case's place in the evaluation, from 0
 * @param runId the recorded run, or {@code null} for a dataset case without a recording
 * @param datasetCase the dataset case's id, or {@code null}
 * @param input the input of a fresh run ({@code null} for a replay)
 * @param expected facts or criteria the outcome should meet, or {@code null}
 */
record EvaluationCase(int number, String runId, String datasetCase, Map<String, Object> input, String expected) {
}
