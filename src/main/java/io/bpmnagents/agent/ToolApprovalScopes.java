package io.bpmnagents.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.bpmnagents.mcp.McpProperties;
import io.bpmnagents.mcp.McpToolbox;
import io.bpmnagents.tool.ToolProperties;

import org.springframework.stereotype.Component;

/**
 * The tool approval rules an administrator sets for everyone, besides a task's
 * {@code approveTools} and an agent's {@code approve-tools}: per tool
 * ({@code bpmn-agents.tools.approve-tools}) and per MCP server
 * ({@code bpmn-agents.mcp.servers.<name>.approve-tools}, by the tool's name on the server
 * or as the model sees it; {@code *} is every tool of that server). The rules are parsed
 * once, when the app starts, so a rule that is not understood stops the start with the
 * key that holds it.
 */
@Component
class ToolApprovalScopes {

	static final String TOOLS_KEY = "bpmn-agents.tools.approve-tools";

	private final List<ToolApprovalRule> everyTool;

	private final Map<String, List<ToolApprovalRule>> byServer = new LinkedHashMap<>();

	private final McpToolbox mcp;

	ToolApprovalScopes(ToolProperties tools, McpProperties servers, McpToolbox mcp) {
		this.everyTool = ToolApprovalRule.parse(String.join(",", tools.approveTools()), TOOLS_KEY);
		servers.servers()
			.forEach((name, server) -> this.byServer.put(name,
					ToolApprovalRule.parse(String.join(",", server.approveTools()), serverKey(name))));
		this.mcp = mcp;
	}

	static String serverKey(String server) {
		return "bpmn-agents.mcp.servers." + server + ".approve-tools";
	}

	/**
	 * The key of the setting whose rule makes this call wait for a person, or empty when
	 * none does.
	 */
	Optional<String> requiring(String tool, String arguments) {
		if (ToolApprovalRule.anyApplies(this.everyTool, tool, arguments)) {
			return Optional.of(TOOLS_KEY);
		}
		Optional<String> server = this.mcp.serverOf(tool);
		List<ToolApprovalRule> rules = server.map(this.byServer::get).orElse(List.of());
		if (rules.isEmpty()) {
			return Optional.empty();
		}
		String own = this.mcp.ownName(tool).orElse(tool);
		boolean applies = ToolApprovalRule.anyApplies(rules, own, arguments)
				|| ToolApprovalRule.anyApplies(rules, tool, arguments);
		return applies ? server.map(ToolApprovalScopes::serverKey) : Optional.empty();
	}

}
