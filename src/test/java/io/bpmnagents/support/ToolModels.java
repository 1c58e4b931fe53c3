package io.bpmnagents.support;

import io.bpmnagents.support.AgentTaskChains.Step;
import org.camunda.bpm.model.bpmn.Bpmn;

/**
 * Small diagrams of one agent task, {@code Task_Ask}, that offers the researcher tools,
 * as a modeller would draw them; the prompt is the run's {@code task} and the answer goes
 * to {@code result}.
 */
public final class ToolModels {

	private ToolModels() {
	}

	/**
	 * The agent task, for a test that sets more of its properties.
	 * @param tools the task's {@code tools} property, e.g.
	 * {@code "lookup_fact, ask_agent"}
	 */
	public static Step ask(String tools) {
		return Step.of("Task_Ask", "researcher", "${task}", "result").withTools(tools);
	}

	/** Start, the agent task offering {@code tools}, end. */
	public static String askWithTools(String processId, String tools) {
		return AgentTaskChains.xml(processId, ask(tools));
	}

	/** As {@link #askWithTools}, then a person's review: the run stays running there. */
	public static String askWithToolsThenReview(String processId, String tools) {
		return Bpmn.convertToString(AgentTaskChains.chain(processId, ask(tools))
			.userTask("Task_Review")
			.name("A person reviews the answer")
			.endEvent("End")
			.done());
	}

}
