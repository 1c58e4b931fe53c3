package io.bpmnagents.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.bpmnagents.mcp.McpProperties;
import io.bpmnagents.mcp.McpToolbox;
import io.bpmnagents.tool.ToolProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The administrator's approval rules for everyone: per tool and per MCP server, read when
 * the app starts. (A server's rules on its tools' calls: McpToolsEndToEndTest.)
 */
class ToolApprovalScopesTest {

	@Test
	void aRuleForEveryAgentAsksForTheCallsItMatchesAndNamesItsKey() {
		ToolApprovalScopes scopes = scopes(List.of("issue_refund when amount > 100"), List.of());

		assertThat(scopes.requiring("issue_refund", "{\"amount\": 250}")).contains("bpmn-agents.tools.approve-tools");
		assertThat(scopes.requiring("issue_refund", "{\"amount\": 40}")).isEmpty();
		assertThat(scopes.requiring("workspace_write", "{\"amount\": 250}")).isEmpty();
	}

	@Test
	void aServersRuleDoesNotAskForCallsOfToolsOfNoServer() {
		ToolApprovalScopes scopes = scopes(List.of(), List.of("*"));

		assertThat(scopes.requiring("issue_refund", "{}")).isEmpty();
	}

	@Test
	void aRuleForEveryAgentThatIsNotUnderstoodStopsTheStartNamingItsKey() {
		assertThatThrownBy(() -> scopes(List.of("issue_refund if amount > 100"), List.of()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("bpmn-agents.tools.approve-tools: 'issue_refund if amount > 100' is no tool");
	}

	@Test
	void aServersRuleThatIsNotUnderstoodStopsTheStartNamingItsKey() {
		assertThatThrownBy(() -> scopes(List.of(), List.of("forecast when topic ~ rain")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("bpmn-agents.mcp.servers.notes.approve-tools: 'forecast when topic ~ rain'");
	}

	private static ToolApprovalScopes scopes(List<String> everyTool, List<String> notesServer) {
		McpProperties servers = new McpProperties(Map.of("notes", new McpProperties.Server(null, null, null,
				"http://localhost:9/mcp", null, Duration.ofSeconds(1), notesServer)));
		return new ToolApprovalScopes(new ToolProperties(10, 4, everyTool), servers, new McpToolbox(servers));
	}

}
