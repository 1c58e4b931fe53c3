package io.bpmnagents.pattern.hierarchical;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the plan's JSON Schema cannot say: every assignment names one of this run's
 * workers and a subtask that is more than blanks, and there are no more assignments than
 * the configured cap (each is a model call the manager decided on; a prompt-injected
 * manager could otherwise fan out to as many paid calls as it likes). The shape itself
 * (an object with a non-empty {@code assignments} list of {@code {worker, subtask}}) is
 * the schema's job.
 */
final class PlanValidator {

	private PlanValidator() {
	}

	/** What is wrong with a plan the schema accepted, or {@code null}. */
	static String problem(JsonNode plan, List<String> workers, int maxAssignments) {
		if (plan.path("assignments").size() > maxAssignments) {
			return "The plan has " + plan.path("assignments").size() + " assignments; at most " + maxAssignments
					+ " are allowed. Combine subtasks so that there are at most " + maxAssignments + ".";
		}
		for (JsonNode assignment : plan.path("assignments")) {
			String worker = assignment.path("worker").asText("");
			if (!workers.contains(worker)) {
				return "The plan assigns work to '" + worker + "', who is not one of the workers " + workers + ".";
			}
			if (assignment.path("subtask").asText("").isBlank()) {
				return "The assignment for '" + worker + "' has no subtask.";
			}
		}
		return null;
	}

	/** The assignments of an accepted plan, as the multi-instance iterates them. */
	static List<Map<String, Object>> assignments(JsonNode plan) {
		List<Map<String, Object>> result = new ArrayList<>();
		for (JsonNode assignment : plan.path("assignments")) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("worker", assignment.path("worker").asText());
			entry.put("subtask", assignment.path("subtask").asText());
			result.add(entry);
		}
		return result;
	}

}
