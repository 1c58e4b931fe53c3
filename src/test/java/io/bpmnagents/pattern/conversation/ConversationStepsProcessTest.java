package io.bpmnagents.pattern.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.bpmnagents.run.RunView;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * A generic agent task is a step of a conversation only when its {@code conversation}
 * variable holds one: a variable of that name that lists something else (a modeller's own
 * input of lines) leaves the task an ordinary one, which runs as before.
 */
class ConversationStepsProcessTest extends PatternProcessTest {

	@Test
	void givenAnOrdinaryRunWhoseConversationVariableListsTextWhenItsAgentTasksRunThenTheRunCompletes() {
		RunView run = this.runs.start("sequential-pipeline", Map.of("task", "Summarise the chat"));
		this.runtime.setVariable(run.id(), Conversation.CONVERSATION.name(),
				Variables.objectValue(new ArrayList<>(List.of("Ann: hello", "Bob: hi")))
					.serializationDataFormat(Variables.SerializationDataFormats.JSON)
					.create());
		ProcessInstance instance = this.instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		assertThat(this.runs.view(run.id()).status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(this.model.calls()).hasSize(3);
	}

}
