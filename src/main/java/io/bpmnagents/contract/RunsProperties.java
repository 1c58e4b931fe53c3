package io.bpmnagents.contract;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxLoopCount the highest maxRounds, maxIterations or maxTurns a run may ask for
 * @param maxPlanAssignments the most assignments a manager's plan may hold: each is a
 * paid model call the model itself chose to make, so a plan over it is an invalid plan
 */
@ConfigurationProperties("bpmn-agents.runs")
public record RunsProperties(@DefaultValue("50") int maxLoopCount, @DefaultValue("20") int maxPlanAssignments) {

	public RunsProperties {
		if (maxPlanAssignments < 1) {
			throw new IllegalArgumentException(
					"bpmn-agents.runs.max-plan-assignments must be at least 1, not " + maxPlanAssignments);
		}
	}

}
