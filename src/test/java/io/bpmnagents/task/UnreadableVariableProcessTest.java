package io.bpmnagents.task;

import java.util.Map;

import io.bpmnagents.run.RunView;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * One run's variable that the engine refuses to deserialize (its class is not on the
 * allow-list) stays that run's problem: the worker fetches tasks without deserializing
 * objects, so every other run goes on, and the run itself still reads its own plain
 * variables.
 */
class UnreadableVariableProcessTest extends PatternProcessTest {

	@Test
	void givenARunHoldingAnObjectOfARefusedClassWhenTheWorkerFetchesThenEveryRunStillCompletes() {
		RunView poisoned = this.runs.start("sequential-pipeline", Map.of("task", "Poisoned"));
		this.runtime.setVariable(poisoned.id(), "gadget",
				Variables.serializedObjectValue("{\"x\":1}")
					.serializationDataFormat(Variables.SerializationDataFormats.JSON)
					.objectTypeName("java.util.concurrent.ThreadPoolExecutor")
					.create());
		RunView other = this.runs.start("sequential-pipeline", Map.of("task", "Unrelated"));
		ProcessInstance poisonedInstance = this.instance(poisoned);
		ProcessInstance otherInstance = this.instance(other);

		this.driver.runUntilQuiet();

		assertThat(otherInstance).isEnded();
		assertThat(this.runs.view(other.id()).status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(poisonedInstance).isEnded();
		assertThat(this.model.calls()).hasSize(6);
	}

}
