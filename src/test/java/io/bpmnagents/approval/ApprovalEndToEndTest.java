package io.bpmnagents.approval;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalEndToEndTest extends EndToEndApiTest {

	@Test
	void aPersonSendsTheResultBackThroughTheApiThenApprovesTheReworkWithTasklistsSubmitFormCall() {
		String id = this.api.start("sequential-pipeline",
				Map.of("task", "Write about agents", "requireApproval", true));
		String firstTask = awaitApprovalTask(id);

		// What Tasklist loads: the embedded form deployed with the process, and the
		// texts.
		JsonNode form = this.api.get("/engine-rest/task/" + firstTask + "/form").getBody();
		assertThat(form.path("key").asText()).isEqualTo("embedded:deployment:approve-result.html");
		String html = this.api.http()
			.get()
			.uri("/engine-rest/task/" + firstTask + "/deployed-form")
			.retrieve()
			.body(String.class);
		assertThat(html).contains("cam-variable-name=\"approved\"", "cam-variable-name=\"comment\"");
		JsonNode shown = this.api.get("/engine-rest/task/" + firstTask + "/form-variables?variableNames=task,result")
			.getBody();
		assertThat(shown.path("result").path("value").asText()).isNotBlank();

		ResponseEntity<JsonNode> sentBack = this.api.post("/api/runs/" + id + "/approval",
				Map.of("approved", false, "comment", "Add a section on costs."));

		assertThat(sentBack.getStatusCode().value()).isEqualTo(200);
		assertThat(sentBack.getBody().path("status").asText()).isEqualTo("RUNNING");
		String secondTask = awaitApprovalTask(id);
		assertThat(secondTask).isNotEqualTo(firstTask);
		List<JsonNode> calls = this.api.transcript(id);
		assertThat(calls).hasSize(4);
		JsonNode rework = calls.get(3);
		assertThat(rework.path("agent").asText()).isEqualTo("editor");
		assertThat(rework.path("activityId").asText()).isEqualTo("Task_Rework");
		assertThat(rework.path("prompt").asText()).contains("Add a section on costs.",
				calls.get(2).path("response").asText());
		assertThat(rework.path("response").asText()).contains("Add a section on costs.");
		// While the person reviews again, the run's result is the reworked one.
		assertThat(this.api.run(id).path("output").path("result").asText()).isEqualTo(rework.path("response").asText());
		assertThat(rework.path("contextMessages").size()).isGreaterThan(calls.get(2).path("contextMessages").size());
		JsonNode history = this.api.get("/engine-rest/history/task?taskId=" + firstTask).getBody();
		assertThat(history.get(0).path("assignee").asText()).isEqualTo(ApiClient.USER);

		// The body Tasklist's form sends (seen in a browser): the decision and the
		// comment only.
		ResponseEntity<JsonNode> submitted = this.api.post("/engine-rest/task/" + secondTask + "/submit-form",
				Map.of("variables", Map.of("approved", Map.of("value", true, "type", "Boolean"), "comment",
						Map.of("value", "", "type", "String"))));

		assertThat(submitted.getStatusCode().value()).isEqualTo(204);
		JsonNode done = this.api.awaitEnd(id);
		assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(done.path("output").path("approved").asBoolean()).isTrue();
		assertThat(done.path("output").path("result").asText()).isEqualTo(rework.path("response").asText());
		assertThat(done.path("usage").path("calls").asInt()).isEqualTo(4);
	}

	@Test
	void decisionsThatCannotBeTakenAreRefusedWithAReason() {
		String id = this.api.start("debate",
				Map.of("task", "Tabs over spaces", "maxRounds", 1, "requireApproval", true));
		String task = awaitApprovalTask(id);
		String path = "/api/runs/" + id + "/approval";

		ResponseEntity<JsonNode> noDecision = this.api.post(path, Map.of("comment", "hm"));
		ResponseEntity<JsonNode> noReason = this.api.post(path, Map.of("approved", false));
		ResponseEntity<JsonNode> tooLong = this.api.post(path,
				Map.of("approved", false, "comment", "x".repeat(ResultApproval.MAX_COMMENT + 1)));
		// An operator sees the run but is no approver; a person in no group sees nothing.
		RestClient outsider = this.people.inGroups(AccessGroups.OPERATORS).http();
		ResponseEntity<JsonNode> notAnApprover = outsider.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("approved", true))
			.retrieve()
			.toEntity(JsonNode.class);
		ResponseEntity<JsonNode> notAnApproverOverEngineRest = outsider.post()
			.uri("/engine-rest/task/" + task + "/complete")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("variables", Map.of("approved", Map.of("value", true, "type", "Boolean"))))
			.retrieve()
			.toEntity(JsonNode.class);
		ResponseEntity<JsonNode> inNoGroup = this.people.inGroups().post(path, Map.of("approved", true));
		ResponseEntity<String> anonymous = this.people.anonymous()
			.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("approved", true))
			.retrieve()
			.toEntity(String.class);
		ResponseEntity<JsonNode> unknownRun = this.api.post("/api/runs/no-such-run/approval", Map.of("approved", true));

		assertThat(noDecision.getStatusCode().value()).isEqualTo(400);
		assertThat(noDecision.getBody().path("field").asText()).isEqualTo("approved");
		assertThat(noReason.getStatusCode().value()).isEqualTo(400);
		assertThat(noReason.getBody().path("detail").asText()).contains("say what the agent should change");
		assertThat(tooLong.getStatusCode().value()).isEqualTo(400);
		assertThat(notAnApprover.getStatusCode().value()).isEqualTo(403);
		assertThat(notAnApprover.getBody().path("detail").asText()).contains("members of approvers");
		assertThat(notAnApproverOverEngineRest.getStatusCode().value()).isEqualTo(403);
		assertThat(inNoGroup.getStatusCode().value()).isEqualTo(404);
		assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
		assertThat(unknownRun.getStatusCode().value()).isEqualTo(404);
		// Nothing was decided by the refused calls.
		assertThat(this.api.run(id).path("userTasks").size()).isEqualTo(1);

		assertThat(this.api.post(path, Map.of("approved", true)).getStatusCode().value()).isEqualTo(200);
		ResponseEntity<JsonNode> again = this.api.post(path, Map.of("approved", true));
		assertThat(again.getStatusCode().value()).isEqualTo(409);
		assertThat(again.getBody().path("detail").asText()).contains("not waiting for approval");
		assertThat(this.api.run(id).path("status").asText()).isEqualTo("COMPLETED");
	}

	private String awaitApprovalTask(String id) {
		this.api.awaitUserTask(id);
		JsonNode task = this.api.run(id).path("userTasks").get(0);
		assertThat(task.path("activityId").asText()).isEqualTo(ResultApproval.APPROVE_TASK);
		return task.path("id").asText();
	}

}
