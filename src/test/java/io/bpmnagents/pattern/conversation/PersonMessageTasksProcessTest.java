package io.bpmnagents.pattern.conversation;

import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.ProcessBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task takes a person's message when the deployed version puts it in an event
 * subprocess that a message starts; the answer is noted on each parsed version when it is
 * deployed, not read from the model when a message arrives.
 */
class PersonMessageTasksProcessTest extends PatternProcessTest {

	private static final String TOPIC = HumanMessageHandler.TOPIC;

	@Autowired
	PersonMessageTasks tasks;

	@ParameterizedTest
	@ValueSource(strings = { "round-robin-conversation", "selector-group-chat" })
	void theShippedConversationsTakeAPersonsMessageInTheirEventSubprocessAndNotTheStallInstruction(String key) {
		String version = latest(key);

		assertThat(this.tasks.takesAPersonsMessage(version, "Task_RecordMessage")).isTrue();
		assertThat(this.tasks.takesAPersonsMessage(version, "Task_AddInstruction")).isFalse();
	}

	@Test
	void givenASecondVersionThatMovesTheTaskOntoTheMainPathThenEachVersionIsAnsweredByItsOwnModel() {
		String inSubprocess = deploy(withMessageTaskIn("person-message-moved", true));
		String onMainPath = deploy(withMessageTaskIn("person-message-moved", false));

		assertThat(this.tasks.takesAPersonsMessage(inSubprocess, "Task_Message")).isTrue();
		assertThat(this.tasks.takesAPersonsMessage(onMainPath, "Task_Message")).isFalse();
	}

	@Test
	void aTaskInAnEventSubprocessThatATimerStartsTakesNoPersonsMessage() {
		ProcessBuilder process = Bpmn.createExecutableProcess("person-message-timer").camundaHistoryTimeToLive(1);
		process.eventSubProcess("SubProcess_Reminder")
			.startEvent("Start_Reminder")
			.timerWithDuration("PT1H")
			.serviceTask("Task_Message")
			.camundaExternalTask(TOPIC)
			.endEvent("End_Reminder");
		String version = deploy(process.startEvent("Start").userTask("Task_Wait").endEvent("End").done());

		assertThat(this.tasks.takesAPersonsMessage(version, "Task_Message")).isFalse();
	}

	@Test
	void givenAVersionNoLongerInTheEnginesCacheThenItIsParsedAgainAndAnsweredAlike() {
		String version = deploy(withMessageTaskIn("person-message-evicted", true));
		((ProcessEngineConfigurationImpl) this.engine.getProcessEngineConfiguration()).getDeploymentCache()
			.removeProcessDefinition(version);

		assertThat(this.tasks.takesAPersonsMessage(version, "Task_Message")).isTrue();
		assertThat(this.tasks.takesAPersonsMessage(version, "Task_Wait")).isFalse();
	}

	/**
	 * A process that waits at a user task, with {@code Task_Message} in a message event
	 * subprocess or, when not {@code inSubprocess}, after the user task.
	 */
	private static BpmnModelInstance withMessageTaskIn(String key, boolean inSubprocess) {
		ProcessBuilder process = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1);
		if (inSubprocess) {
			process.eventSubProcess("SubProcess_PersonJoins")
				.startEvent("Start_PersonJoins")
				.interrupting(false)
				.message("person-message-" + key)
				.serviceTask("Task_Message")
				.camundaExternalTask(TOPIC)
				.endEvent("End_PersonJoins");
			return process.startEvent("Start").userTask("Task_Wait").endEvent("End").done();
		}
		return process.startEvent("Start")
			.userTask("Task_Wait")
			.serviceTask("Task_Message")
			.camundaExternalTask(TOPIC)
			.endEvent("End")
			.done();
	}

}
