package io.bpmnagents.example;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP example as a newcomer runs it: the {@code mcp-example} profile declares the
 * staff handbook (an MCP server over stdio the app starts as a process of its own, real
 * protocol) and deploys {@code processes/examples/mcp}; a run of
 * {@code handbook-question} through {@code /api/runs}, answered by the simulator over
 * HTTP, looks a policy up and quotes it.
 */
@EndToEndTest
@ActiveProfiles("mcp-example")
class HandbookExampleEndToEndTest {

	@Autowired
	ApiClient api;

	@DynamicPropertySource
	static void ownDatabase(DynamicPropertyRegistry registry) {
		// The profile deploys a diagram that names a server only it declares.
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:mcp-example;DB_CLOSE_DELAY=-1");
		registry.add("camunda.bpm.process-engine-name", () -> "mcpExampleTests");
		// A JVM starting on a busy machine: the first connection may take a while.
		registry.add("bpmn-agents.mcp.servers.handbook.timeout", () -> "90s");
	}

	@Test
	void theAgentLooksThePolicyUpOnTheHandbookServerAndQuotesIt() {
		String id = this.api.start("handbook-question", Map.of("question",
				"[call lookup_policy {\"topic\": \"paid leave\"}] How many days of leave do I have a year?"));

		JsonNode run = this.api.awaitEnd(id);

		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		JsonNode call = this.api.transcript(id).get(0).path("toolCalls").get(0);
		assertThat(call.path("server").asText()).isEqualTo("handbook");
		assertThat(call.path("tool").asText()).isEqualTo("lookup_policy");
		assertThat(call.path("arguments").asText()).contains("paid leave");
		assertThat(call.path("result").asText()).contains("28 days of paid leave");
		assertThat(run.path("output").path("answer").asText()).contains("28 days of paid leave");
	}

	@Test
	void aQuestionWithoutAMarkerIsStillAnsweredThroughTheHandbook() {
		String id = this.api.start("handbook-question", Map.of("question", "What does a trip need before booking?"));

		JsonNode run = this.api.awaitEnd(id);

		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(this.api.transcript(id).get(0).path("toolCalls").get(0).path("server").asText())
			.isEqualTo("handbook");
	}

}
