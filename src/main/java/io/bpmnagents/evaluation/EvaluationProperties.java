package io.bpmnagents.evaluation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How evaluations run.
 *
 * @param parallel the most case runs of one evaluation that run at once
 * @param poll how often a case's run is looked at while it runs
 * @param judge the agent that judges when the request names none
 * @param criteria what the judge compares against when the request gives no criteria
 * @param maxCases the most cases one evaluation takes (a search takes the newest)
 */
@ConfigurationProperties("bpmn-agents.evaluation")
record EvaluationProperties(@DefaultValue("4") int parallel, @DefaultValue("2s") Duration poll,
		@DefaultValue("judge") String judge,
		@DefaultValue("The new outcome does the task at least as well as the original: correct, complete and clear.") String criteria,
		@DefaultValue("100") int maxCases) {

	EvaluationProperties {
		if (parallel < 1) {
			throw new IllegalArgumentException("bpmn-agents.evaluation.parallel must be at least 1, was " + parallel);
		}
		if (maxCases < 1) {
			throw new IllegalArgumentException("bpmn-agents.evaluation.max-cases must be at least 1, was " + maxCases);
		}
	}

}
