package io.bpmnagents.dataset;

import java.util.Map;

/**
 * One case of a dataset: the input a run starts with and, optionally, the facts or
 * criteria a judge checks its outcome against, and the recorded run it was made from.
 */
public record DatasetCase(String id, Map<String, Object> input, String expected, String sourceRunId) {
}
