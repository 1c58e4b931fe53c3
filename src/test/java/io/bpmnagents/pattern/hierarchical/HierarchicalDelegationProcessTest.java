package io.bpmnagents.pattern.hierarchical;

import java.util.List;
import java.util.Map;

import io.bpmnagents.run.RunView;
import io.bpmnagents.support.FakeModel;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

class HierarchicalDelegationProcessTest extends PatternProcessTest {

	private static final String VALID_PLAN = """
			{"assignments": [{"worker": "developer", "subtask": "Build the API"},
			                 {"worker": "tester", "subtask": "Write the tests"}]}""";

	private ProcessInstance start() {
		RunView run = this.runs.start("hierarchical-delegation", Map.of("task", "Build a todo app with tests"));
		return this.runtime.createProcessInstanceQuery().processInstanceId(run.id()).singleResult();
	}

	@Test
	void aValidPlanGivesOneWorkerCallPerAssignmentAndASynthesis() {
		this.model.script("project-manager", (call) -> call.json() ? VALID_PLAN : "Final: all done");
		ProcessInstance instance = start();

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded()
			.hasPassedInOrder("Task_Plan", "Task_Work", "Task_Synthesize", "EndEvent_ResultReady");
		assertThat(this.model.callsOf("project-manager").get(0).prompt()).contains("- developer: Software Developer",
				"- designer: UI Designer", "- tester: QA Tester");
		assertThat(this.model.callsOf("developer")).singleElement()
			.satisfies((call) -> assertThat(call.prompt()).contains("Your subtask: Build the API"));
		assertThat(this.model.callsOf("tester")).hasSize(1);
		assertThat(this.model.callsOf("designer")).isEmpty();
		RunView run = this.runs.view(instance.getId());
		assertThat(run.status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(run.output()).containsEntry("result", "Final: all done");
		assertThat(run.output().get("plan"))
			.isEqualTo(List.of(Map.of("worker", "developer", "subtask", "Build the API"),
					Map.of("worker", "tester", "subtask", "Write the tests")));
		assertThat(this.model.callsOf("project-manager").get(1).prompt()).contains("developer answer 1",
				"tester answer 1");
	}

	@Test
	void thePlanIsAskedForUnderTheDiagramsSchemaWithTheRunsWorkersAsTheOnlyWorkers() {
		this.model.script("project-manager", (call) -> call.json() ? VALID_PLAN : "Final: all done");
		start();

		this.driver.runUntilQuiet();

		String schema = this.model.callsOf("project-manager").get(0).schema();
		assertThat(schema).contains("\"assignments\"", "\"minItems\":1")
			.contains("\"enum\":[\"developer\",\"designer\",\"tester\"]");
	}

	@Test
	void anInvalidPlanGoesBackToTheManagerOnceWithTheError() {
		this.model.script("project-manager", (call) -> !call.json() ? "Final"
				: this.model.callsOf("project-manager").size() == 1 ? "Sure! Here is my plan: step 1..." : VALID_PLAN);
		ProcessInstance instance = start();

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassedInOrder("Task_Plan", "Task_Work");
		assertThat(this.model.callsOf("project-manager")).filteredOn(FakeModel.Call::json).hasSize(2);
		assertThat(this.model.callsOf("project-manager").get(1).prompt())
			.startsWith("Your previous answer could not be used: it is not valid JSON")
			.contains("Sure! Here is my plan");
		assertThat(this.runs.view(instance.getId()).status()).isEqualTo(RunView.Status.COMPLETED);
	}

	@Test
	void aPlanStillInvalidAfterTheRepairEndsTheRunAsFailedWithAClearResult() {
		this.model.script("project-manager",
				(call) -> "{\"assignments\": [{\"worker\": \"astronaut\", \"subtask\": \"Fly\"}]}");
		ProcessInstance instance = start();

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded()
			.hasPassed("BoundaryEvent_PlanInvalid", "EndEvent_FailedPlanning")
			.hasNotPassed("Task_Work");
		assertThat(this.model.callsOf("project-manager")).hasSize(2);
		RunView run = this.runs.view(instance.getId());
		assertThat(run.status()).isEqualTo(RunView.Status.FAILED);
		assertThat((String) run.output().get("result")).startsWith("Planning failed after 2 attempts")
			.contains("astronaut");
		assertThat(this.model.callsOf("project-manager").get(1).prompt())
			.contains("does not have a value in the enumeration");
	}

	@Test
	void aPlanThatFitsTheSchemaButNamesNoWorkerOfTheRunIsSentBack() {
		// A server that ignores the schema's worker list: the plan's own check still
		// holds.
		this.model.script("project-manager",
				(call) -> !call.json() ? "Final" : this.model.callsOf("project-manager").size() == 1
						? "{\"assignments\": [{\"worker\": \"developer\", \"subtask\": \"   \"}]}" : VALID_PLAN);
		ProcessInstance instance = start();

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("EndEvent_ResultReady");
		assertThat(this.model.callsOf("project-manager").get(1).prompt())
			.contains("The assignment for 'developer' has no subtask.");
	}

}
