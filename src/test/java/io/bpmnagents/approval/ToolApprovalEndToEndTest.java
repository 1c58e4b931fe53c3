package io.bpmnagents.approval;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * refund-approval through {@code /api/runs} against the simulator over HTTP, told which
 * refund to ask for ({@code [call issue_refund {...}]} in the request): a refund above
 * the limit waits for a person in the approvers group, who approves it as it is, with
 * changed arguments, or rejects it, through Camunda's REST API as Tasklist does; the tool
 * runs with exactly the approved arguments, or the model reads the rejection.
 */
class ToolApprovalEndToEndTest extends EndToEndApiTest {

	@Test
	void aRefundAboveTheLimitWaitsAndRunsWithTheArgumentsTheApproverChanged() {
		String id = start("A-17", 250);
		String task = this.api.awaitToolApprovalTask(id);
		People.Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		JsonNode shown = approver
			.get("/engine-rest/task/" + task + "/form-variables?variableNames=tool,agent,arguments,description")
			.getBody();
		assertThat(shown.path("tool").path("value").asText()).isEqualTo("issue_refund");
		assertThat(shown.path("agent").path("value").asText()).isEqualTo("billing-specialist");
		assertThat(shown.path("arguments").path("value").asText()).contains("\"amount\": 250");
		assertThat(shown.path("description").path("value").asText()).contains("Issues a refund");
		assertThat(this.api.transcript(id).get(0).path("toolCalls").get(0).path("approval").path("status").asText())
			.isEqualTo("pending");
		// What Tasklist loads: the embedded form deployed with tool-approval; and the
		// approver may read the run the call belongs to.
		assertThat(approver.get("/engine-rest/task/" + task + "/form").getBody().path("key").asText())
			.isEqualTo("embedded:deployment:approve-tool-call.html");
		assertThat(
				approver.http().get().uri("/engine-rest/task/" + task + "/deployed-form").retrieve().body(String.class))
			.contains("cam-variable-name=\"decision\"", "cam-variable-name=\"arguments\"",
					"cam-variable-name=\"reason\"");
		assertThat(approver.get("/api/runs/" + id).getStatusCode().value()).isEqualTo(200);

		ResponseEntity<JsonNode> decided = approver.completeTask(task,
				Map.of("decision", "approve", "reason", "Half is due: one item was used.", "arguments",
						"{\"orderId\": \"A-17\", \"amount\": 125, \"reason\": \"one item returned\"}"));

		assertThat(decided.getStatusCode().value()).isEqualTo(204);
		JsonNode ended = this.api.awaitEnd(id);
		assertThat(ended.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(ended.path("output").path("result").asText())
			.contains("issue_refund: Refund of 125.00 for order A-17 issued");
		JsonNode call = this.api.transcript(id).get(0).path("toolCalls").get(0);
		assertThat(call.path("arguments").asText()).contains("\"amount\": 250");
		assertThat(call.path("result").asText()).startsWith("Refund of 125.00 for order A-17 issued");
		JsonNode approval = call.path("approval");
		assertThat(approval.path("status").asText()).isEqualTo("approved");
		assertThat(approval.path("decidedBy").asText()).isEqualTo(approver.id());
		assertThat(approval.path("decidedAt").asText()).isNotBlank();
		assertThat(approval.path("reason").asText()).isEqualTo("Half is due: one item was used.");
		assertThat(approval.path("changed").asBoolean()).isTrue();
		assertThat(approval.path("arguments").asText())
			.isEqualTo("{\"amount\":125,\"orderId\":\"A-17\",\"reason\":\"one item returned\"}");
		assertThat(this.api.get("/api/runs/" + id + "/workspace").getBody().toString())
			.contains("Refund 125.00 for order A-17");
	}

	@Test
	void aRejectedRefundIsNotIssuedAndTheModelReadsTheReason() {
		String id = start("B-3", 900);
		String task = this.api.awaitToolApprovalTask(id);
		People.Person approver = this.people.inGroups(AccessGroups.APPROVERS);

		ResponseEntity<JsonNode> decided = approver.completeTask(task,
				Map.of("decision", "reject", "reason", "The order was paid with a voucher."));

		assertThat(decided.getStatusCode().value()).isEqualTo(204);
		JsonNode ended = this.api.awaitEnd(id);
		assertThat(ended.path("output").path("result").asText())
			.contains("issue_refund: rejected: The order was paid with a voucher.");
		JsonNode call = this.api.transcript(id).get(0).path("toolCalls").get(0);
		assertThat(call.path("result").asText()).isEqualTo("rejected: The order was paid with a voucher.");
		assertThat(call.path("approval").path("status").asText()).isEqualTo("rejected");
		assertThat(call.path("approval").has("arguments")).isFalse();
		assertThat(this.api.get("/api/runs/" + id + "/workspace").getBody().toString()).doesNotContain("B-3");
	}

	@Test
	void aRefundWithinTheLimitRunsWithoutAskingAnyone() {
		String id = start("C-9", 40);

		JsonNode ended = this.api.awaitEnd(id);

		assertThat(ended.path("output").path("result").asText())
			.contains("issue_refund: Refund of 40.00 for order C-9 issued");
		JsonNode call = this.api.transcript(id).get(0).path("toolCalls").get(0);
		assertThat(call.has("approval")).isFalse();
		assertThat(this.api
			.get("/engine-rest/history/process-instance?processDefinitionKey=tool-approval" + "&superProcessInstanceId="
					+ id)
			.getBody()).isEmpty();
	}

	private String start(String order, int amount) {
		return this.api.start("refund-approval",
				Map.of("task", "The parcel of order " + order + " arrived broken. [call issue_refund {\"orderId\": \""
						+ order + "\", \"amount\": " + amount + ", \"reason\": \"broken on arrival\"}]"));
	}

}
