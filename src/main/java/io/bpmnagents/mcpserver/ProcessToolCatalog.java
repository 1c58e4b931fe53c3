package io.bpmnagents.mcpserver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bpmnagents.agent.AgentDefinition;
import io.bpmnagents.agent.AgentRegistry;
import io.bpmnagents.contract.Contracts;
import io.bpmnagents.contract.ProcessContract;
import io.bpmnagents.run.RunAccess;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tool per deployed process, for the latest version: the tools are brought in line
 * with the deployments before each MCP request is handled (one query), so a process a
 * modeller deployed a moment ago is a tool on the next request, on every node. Who sees
 * which tool is decided per caller when the tools are listed ({@link McpEndpoint}).
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class ProcessToolCatalog {

	private static final Logger logger = LoggerFactory.getLogger(ProcessToolCatalog.class);

	private final RepositoryService repository;

	private final Contracts contracts;

	private final AgentRegistry agents;

	private final RunAccess access;

	private final int maxLoop;

	private final ProcessToolCalls calls;

	private final Map<String, String> definitions = new HashMap<>();

	private McpSyncServer server;

	void serve(McpSyncServer server) {
		this.server = server;
	}

	/** Whether the tool is a process's (rather than get_run and the like). */
	synchronized boolean isProcess(String tool) {
		return this.definitions.containsKey(tool);
	}

	/** This catalog, brought in line with the deployments. */
	ProcessToolCatalog refreshed() {
		refresh();
		return this;
	}

	/**
	 * Adds, replaces and removes tools as processes were deployed since the last look.
	 */
	synchronized void refresh() {
		if (this.server == null) {
			return;
		}
		List<ProcessDefinition> latest = this.access
			.asApp(() -> this.repository.createProcessDefinitionQuery().latestVersion().list());
		long start = System.nanoTime();
		int changed = 0;
		Set<String> keys = new java.util.HashSet<>();
		for (ProcessDefinition definition : latest) {
			String key = definition.getKey();
			keys.add(key);
			if (FollowUpTools.NAMES.contains(key) || UnknownTools.NAME.equals(key)) {
				logger.warn("Process '{}' is not offered over MCP: its key is the name of a tool of the server", key);
				continue;
			}
			if (!definition.getId().equals(this.definitions.get(key))) {
				Tool tool;
				try {
					tool = tool(definition);
				}
				catch (RuntimeException ex) {
					// A version that no longer parses (it names an agent or an MCP server
					// the configuration dropped) is not offered; the others are.
					logger.warn("Process '{}' is not offered over MCP: {}", key, ex.getMessage());
					continue;
				}
				this.server.addTool(new SyncToolSpecification(tool, this.calls.of(key)));
				this.definitions.put(key, definition.getId());
				changed++;
			}
		}
		for (String key : Set.copyOf(this.definitions.keySet())) {
			if (!keys.contains(key)) {
				this.server.removeTool(key);
				this.definitions.remove(key);
				changed++;
			}
		}
		if (changed > 0) {
			logger.info("MCP tools: {} processes offered, {} changed ({} ms)", this.definitions.size(), changed,
					(System.nanoTime() - start) / 1_000_000);
		}
	}

	private Tool tool(ProcessDefinition definition) {
		ProcessContract contract = this.access.asApp(() -> this.contracts.of(definition.getId()));
		// The deployed (parsed) definition, which carries the process's documentation.
		String documentation = this.access
			.asApp(() -> this.repository.getProcessDefinition(definition.getId()).getDescription());
		String description = (documentation != null && !documentation.isBlank()) ? documentation
				: "Starts a run of the process '" + definition.getKey() + "'.";
		List<String> agentNames = this.agents.all().stream().map(AgentDefinition::name).sorted().toList();
		return Tool.builder()
			.name(definition.getKey())
			.title((definition.getName() != null) ? definition.getName() : definition.getKey())
			.description(description + " Answers with the run's outputs when it ends within '" + ToolSchemas.WAIT
					+ "' seconds, else with its id and status (follow it with get_run).")
			.inputSchema(ToolSchemas.input(contract, agentNames, this.maxLoop, this.calls.maxWaitSeconds()))
			.outputSchema(ToolSchemas.run(contract.outputs()))
			.build();
	}

}
