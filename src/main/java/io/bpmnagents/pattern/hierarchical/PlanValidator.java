package io.bpmnagents.pattern.hierarchical;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks a manager's answer: a JSON object whose non-empty {@code assignments} each name
 * one of the run's workers and a non-blank subtask.
 */
final class PlanValidator {

	private static final ObjectMapper JSON = new ObjectMapper();

	private PlanValidator() {
	}

	/** The assignments, or an {@link InvalidPlanException} saying what is wrong. */
	static List<Map<String, Object>> validate(String answer, List<String> workers) {
		JsonNode plan;
		try {
			plan = JSON.readTree(answer);
		}
		catch (JsonProcessingException ex) {
			throw new InvalidPlanException("The plan is not valid JSON (" + ex.getOriginalMessage() + ").");
		}
		JsonNode assignments = (plan != null) ? plan.path("assignments") : null;
		if (assignments == null || !assignments.isArray() || assignments.isEmpty()) {
			throw new InvalidPlanException("The plan has no 'assignments' list with at least one assignment.");
		}
		List<Map<String, Object>> result = new ArrayList<>();
		for (JsonNode assignment : assignments) {
			String worker = assignment.path("worker").asText("");
			String subtask = assignment.path("subtask").asText("");
			if (!workers.contains(worker)) {
				throw new InvalidPlanException(
						"The plan assigns work to '" + worker + "', who is not one of the workers " + workers + ".");
			}
			if (subtask.isBlank()) {
				throw new InvalidPlanException("The assignment for '" + worker + "' has no subtask.");
			}
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("worker", worker);
			entry.put("subtask", subtask);
			result.add(entry);
		}
		return result;
	}

	/** Why a plan cannot be used; the message goes back to the manager. */
	static class InvalidPlanException extends RuntimeException {

		InvalidPlanException(String message) {
			super(message);
		}

	}

}
