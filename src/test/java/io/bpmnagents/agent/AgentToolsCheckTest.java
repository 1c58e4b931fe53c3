package io.bpmnagents.agent;

import java.util.List;
import java.util.Map;

import io.bpmnagents.mcp.McpProperties;
import io.bpmnagents.mcp.McpToolbox;
import io.bpmnagents.message.MessageStore;
import io.bpmnagents.tool.ToolRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** An agent configured with a tool that does not exist stops the app from starting. */
class AgentToolsCheckTest {

	// ask_agent records its question and reply; this check never runs a tool.
	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withBean(McpToolbox.class, () -> new McpToolbox(new McpProperties(Map.of())))
		.withBean(ToolRegistry.class)
		.withBean(AgentToolsCheck.class)
		.withBean(MessageStore.class, () -> Mockito.mock(MessageStore.class));

	@Test
	void anUnknownToolInAnAgentsConfigurationFailsTheStartNamingAgentToolAndTheKnownTools() {
		this.context.withBean(AgentRegistry.class, () -> registry(List.of("workspace_reed")))
			.withBean(AskAgentTool.class)
			.run((started) -> assertThat(
					NestedExceptionUtils.getMostSpecificCause(started.getStartupFailure()).getMessage())
				.isEqualTo("Agent 'lawyer' (agents.lawyer.tools) names unknown tool workspace_reed. "
						+ "Known tools: ask_agent."));
	}

	@Test
	void knownToolsStartFine() {
		this.context.withBean(AgentRegistry.class, () -> registry(List.of("ask_agent")))
			.withBean(AskAgentTool.class)
			.run((started) -> assertThat(started).hasNotFailed());
	}

	private static AgentRegistry registry(List<String> tools) {
		return new AgentRegistry(Map.of("lawyer",
				new AgentDefinition("lawyer", "Lawyer", "You are a lawyer.", null, null, null, tools)));
	}

}
