package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.EndToEndApiTest;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/runs} answers with the run as the start left it, told from what the
 * start created rather than read back: the same view a read right after the start gives,
 * with the tasks waiting for people (also in a process the run called), the outputs it
 * already has, and for a run that ended within its start how it ended.
 */
class StartedRunViewEndToEndTest extends EndToEndApiTest {

	@Test
	void givenAProcessThatFirstAsksAPersonWhenStartedThenTheStartShowsTheWaitingTaskAsAReadDoes() {
		JsonNode started = start("person-answers", Map.of("question", "Which colour?"));

		assertThat(started.path("status").asText()).isEqualTo("RUNNING");
		assertThat(started.path("userTasks")).singleElement()
			.satisfies((task) -> assertThat(task.path("activityId").asText()).isEqualTo("UserTask_Answer"));
		assertThat(started).isEqualTo(this.api.run(started.path("id").asText()));
	}

	@Test
	void givenARunThatCallsAProcessWaitingForAPersonWhenStartedThenTheCalledProcesssTaskIsShown() {
		deploy("calls-a-person",
				Bpmn.createExecutableProcess("calls-a-person")
					.camundaHistoryTimeToLive(1)
					.startEvent("StartEvent_Asked")
					.callActivity("CallActivity_Person")
					.calledElement("person-answers")
					.camundaIn("question", "question")
					.endEvent("EndEvent_Answered")
					.done());

		JsonNode started = start("calls-a-person", Map.of("question", "Which size?"));

		assertThat(started.path("userTasks")).singleElement()
			.satisfies((task) -> assertThat(task.path("activityId").asText()).isEqualTo("UserTask_Answer"));
		assertThat(started.path("output").path("question").asText()).isEqualTo("Which size?");
		assertThat(started).isEqualTo(this.api.run(started.path("id").asText()));
	}

	@Test
	void givenARunThatEndsWithinItsStartWhenStartedThenTheStartShowsItCompletedWithItsOutput() {
		deploy("ends-at-once",
				Bpmn.createExecutableProcess("ends-at-once")
					.camundaHistoryTimeToLive(1)
					.startEvent("StartEvent_Given")
					.endEvent("EndEvent_Done")
					.done());

		JsonNode started = start("ends-at-once", Map.of("note", "kept", "items", List.of(1, 2)));

		assertThat(started.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(started.path("endedAt").isMissingNode()).isFalse();
		assertThat(started.path("output").path("items")).hasSize(2);
		assertThat(started).isEqualTo(this.api.run(started.path("id").asText()));
	}

	@Test
	void givenAnAgentRunWhenStartedThenTheStartShowsItRunningWithNothingUsedYet() {
		JsonNode started = start("sequential-pipeline", Map.of("task", "Name a colour", "agents", List.of("writer")));

		assertThat(started.path("status").asText()).isEqualTo("RUNNING");
		assertThat(started.path("usage").path("calls").asLong()).isZero();
		assertThat(started.path("incidents")).isEmpty();
		JsonNode ended = this.api.awaitEnd(started.path("id").asText());
		for (String field : List.of("id", "businessKey", "process", "processVersion", "startedAt")) {
			assertThat(started.path(field)).as(field).isEqualTo(ended.path(field));
		}
	}

	private JsonNode start(String process, Map<String, Object> input) {
		ResponseEntity<JsonNode> response = this.api.post("/api/runs", Map.of("process", process, "input", input));
		assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(201);
		return response.getBody();
	}

	private void deploy(String process, BpmnModelInstance model) {
		ResponseEntity<JsonNode> deployed = this.api.deploy(process,
				Map.of(process + ".bpmn", Bpmn.convertToString(model)));
		assertThat(deployed.getStatusCode().value()).as("%s", deployed.getBody()).isEqualTo(200);
	}

}
