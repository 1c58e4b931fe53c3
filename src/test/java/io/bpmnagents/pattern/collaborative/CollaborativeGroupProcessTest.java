package io.bpmnagents.pattern.collaborative;

import java.util.List;
import java.util.Map;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

class CollaborativeGroupProcessTest extends PatternProcessTest {

	@Test
	void firstIdeasThenEachIterationBuildsOnTheTeamsLatestIdeasThenASynthesis() {
		RunView run = this.runs.start("collaborative-group",
				Map.of("task", "Name a product", "agents", List.of("researcher", "writer"), "maxIterations", 2));
		ProcessInstance instance = this.runtime.createProcessInstanceQuery().processInstanceId(run.id()).singleResult();

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded()
			.hasPassedInOrder("Task_FirstIdeas", "StartEvent_IterationBegins", "Task_BuildOnIdeas",
					"EndEvent_IterationDone", "StartEvent_IterationBegins", "Task_BuildOnIdeas",
					"EndEvent_IterationDone", "Task_Synthesize");
		assertThat(historyService().createHistoricActivityInstanceQuery()
			.processInstanceId(run.id())
			.activityId("StartEvent_IterationBegins")
			.count()).as("iterations held").isEqualTo(2);
		assertThat(this.model.calls()).hasSize(2 + 2 * 2 + 1);
		// In iteration 1 the writer sees the researcher's newest idea and its own first
		// one.
		assertThat(this.model.callsOf("writer").get(1).prompt()).contains("You are writer")
			.contains("researcher answer 2")
			.contains("writer answer 1");
		RunView done = this.runs.view(run.id());
		assertThat(done.output().get("ideas"))
			.isEqualTo(Map.of("researcher", "researcher answer 3", "writer", "writer answer 3"));
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> workspace = (List<Map<String, Object>>) done.output().get("workspace");
		assertThat(workspace).extracting((note) -> note.get("type"))
			.containsExactlyInAnyOrder("initial_idea", "initial_idea", "iteration_1", "iteration_1", "iteration_2",
					"iteration_2");
		assertThat(done.output()).containsEntry("result", "coordinator answer 1");
		assertThat(this.model.callsOf("coordinator").get(0).prompt()).contains("researcher answer 3",
				"writer answer 3");
	}

	@Test
	void anIterationCountOutsideTheCapIsRefused() {
		assertThatThrownBy(() -> this.runs.start("collaborative-group", Map.of("task", "t", "maxIterations", 51)))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("maxIterations");
	}

}
