package io.bpmnagents.evaluation;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/evaluations}: the cases (recorded runs by id, a search for
 * them, or a dataset's name; exactly one), the target process version, optionally the
 * judge and agent overrides.
 */
record EvaluationRequest(List<String> runs, Search search, String dataset, Target target, Judge judge,
		Map<String, Override> agents) {

	/** Finished runs to evaluate, by process, status and start time window. */
	record Search(String process, String status, String startedFrom, String startedTo) {
	}

	/** The process version to run the cases against; the latest without a version. */
	record Target(String process, Integer version) {
	}

	/** Who judges, and against what. */
	record Judge(String agent, String criteria) {
	}

	/** What the target's runs use instead of an agent's own model or system prompt. */
	record Override(String model, String systemPrompt) {
	}

}
