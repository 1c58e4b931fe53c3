package io.bpmnagents.mcpserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.agent.AgentRegistry;
import io.bpmnagents.contract.Contracts;
import io.bpmnagents.contract.RunsProperties;
import io.bpmnagents.run.RunAccess;
import io.bpmnagents.run.RunOperations;
import io.bpmnagents.mcp.McpSchemaValidator;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapperSupplier;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The MCP server at {@code /mcp}, the SDK's Streamable HTTP servlet inside the app's
 * servlet container, behind the same security filters as {@code /api} (HTTP Basic with a
 * Camunda user; {@code 401} without). Each process the caller may start is a tool; the
 * tool list is filtered per caller with the grants {@code POST /api/runs} checks.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(McpEndpointProperties.class)
class McpEndpoint {

	static final String PATH = "/mcp";

	@Bean
	ProcessToolCatalog mcpProcessTools(RepositoryService repository, Contracts contracts, AgentRegistry agents,
			RunAccess access, RunsProperties runsProperties, RunOperations runs, IdentityService identity,
			ObjectMapper json, McpEndpointProperties properties) {
		ProcessToolCalls calls = new ProcessToolCalls(new Callers(identity), runs, new RunAnswers(json, runs),
				properties);
		return new ProcessToolCatalog(repository, contracts, agents, access, runsProperties.maxLoopCount(), calls);
	}

	@Bean
	HttpServletStreamableServerTransportProvider mcpTransport(IdentityService identity, ProcessToolCatalog catalog) {
		Callers callers = new Callers(identity);
		return HttpServletStreamableServerTransportProvider.builder()
			.jsonMapper(jsonMapper())
			.mcpEndpoint(PATH)
			// Runs on the request's thread, after the security filters: the caller is
			// read
			// there, and the tools are brought in line with the deployments.
			.contextExtractor((request) -> {
				catalog.refresh();
				return callers.current();
			})
			.build();
	}

	@Bean
	ServletRegistrationBean<HttpServletStreamableServerTransportProvider> mcpServlet(
			HttpServletStreamableServerTransportProvider transport) {
		ServletRegistrationBean<HttpServletStreamableServerTransportProvider> servlet = new ServletRegistrationBean<>(
				transport, PATH);
		servlet.setAsyncSupported(true);
		return servlet;
	}

	/**
	 * Behind the security filters (Spring Security's run at order -100), and before
	 * anything else reads an MCP request: a session is its owner's alone.
	 */
	@Bean
	FilterRegistrationBean<SessionOwners> mcpSessionOwners(IdentityService identity, McpEndpointProperties properties) {
		FilterRegistrationBean<SessionOwners> filter = new FilterRegistrationBean<>(
				new SessionOwners(new Callers(identity), properties.sessionIdle(), properties.sessionsRemembered()));
		filter.addUrlPatterns(PATH);
		filter.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
		return filter;
	}

	/** Behind the security filters (Spring Security's run at order -100). */
	@Bean
	FilterRegistrationBean<UnknownTools> mcpUnknownTools(ProcessToolCatalog catalog, ObjectMapper json) {
		FilterRegistrationBean<UnknownTools> filter = new FilterRegistrationBean<>(new UnknownTools(json,
				(name) -> FollowUpTools.NAMES.contains(name) || catalog.refreshed().isProcess(name)));
		filter.addUrlPatterns(PATH);
		return filter;
	}

	@Bean
	McpSyncServer mcpServer(HttpServletStreamableServerTransportProvider transport, ProcessToolCatalog catalog,
			RunOperations runs, IdentityService identity, ObjectMapper json) {
		Callers callers = new Callers(identity);
		RunAnswers answers = new RunAnswers(json, runs);
		McpSyncServer server = McpServer.sync(transport)
			.serverInfo("bpmn-agents", "1")
			.instructions("Each tool named after a process starts a run of it as you; get_run, list_runs and "
					+ "stop_run follow runs up; bpmn-agents://runs/{runId}/transcript reads a run's transcript.")
			.capabilities(ServerCapabilities.builder().tools(true).resources(false, true).build())
			.jsonMapper(jsonMapper())
			.jsonSchemaValidator(new McpSchemaValidator())
			// The run's input is checked by the process's contract, which names the field
			// in words a person can act on, as the runs API does.
			.validateToolInputs(false)
			.tools(java.util.stream.Stream
				.concat(new FollowUpTools(callers, runs, answers).all().stream(),
						java.util.stream.Stream.of(UnknownTools.tool()))
				.toList())
			.resourceTemplates(new TranscriptResources(callers, runs, answers).template())
			.addToolFilter((context, tool) -> !UnknownTools.NAME.equals(tool.name()))
			.addToolFilter((context, tool) -> !catalog.isProcess(tool.name())
					|| callers.as(context, () -> runs.mayStart(tool.name())))
			.build();
		catalog.serve(server);
		return server;
	}

	private static McpJsonMapper jsonMapper() {
		return new JacksonMcpJsonMapperSupplier().get();
	}

}
