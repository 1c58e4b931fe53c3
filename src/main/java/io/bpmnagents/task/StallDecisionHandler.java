package io.bpmnagents.task;

import java.util.Map;

import io.bpmnagents.worker.TaskOutcomes;
import io.bpmnagents.worker.TopicHandler;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * "Let the agent go on": after a person decided on a paused agent task, releases it
 * ({@link PausedAgentTasks#release}), with their instruction when they gave one. Its
 * inputs are the task's mapped variables: {@value #PAUSED_TASK} (the event subprocess's
 * {@code stalledTask}), {@value #DECISION}, {@value #INSTRUCTION} and {@value #FROM}; the
 * instruction is a variable value, never evaluated.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class StallDecisionHandler implements TopicHandler {

	static final String TOPIC = "stall-decision";

	static final String PAUSED_TASK = "pausedTask";

	static final String DECISION = "decision";

	static final String INSTRUCTION = "instruction";

	static final String FROM = "instructionFrom";

	private final PausedAgentTasks paused;

	private final TaskOutcomes outcomes;

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public void handle(LockedExternalTask task) {
		Object pausedTask = this.outcomes.variable(task, PAUSED_TASK);
		Object text = this.outcomes.variable(task, INSTRUCTION);
		Object from = this.outcomes.variable(task, FROM);
		// In a modeller's own flow nobody may have recorded who decided.
		String instruction = ("instruct".equals(this.outcomes.variable(task, DECISION)) && text instanceof String words
				&& !words.isBlank())
						? "Instruction from " + ((from != null) ? from : "the person who decided") + ": " + words
						: null;
		try {
			if (!(pausedTask instanceof String id)) {
				throw new IllegalArgumentException("Task '" + task.getActivityId() + "' needs the input '" + PAUSED_TASK
						+ "': the id of the paused agent task (the event subprocess's stalledTask)");
			}
			this.paused.release(task.getProcessInstanceId(), id, instruction);
		}
		catch (IllegalArgumentException ex) {
			// A modelling error: retrying cannot help.
			this.outcomes.fail(task, ex, false);
			return;
		}
		this.outcomes.complete(task, (current) -> Map.of());
	}

}
