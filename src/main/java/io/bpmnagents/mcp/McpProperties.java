package io.bpmnagents.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The MCP servers agents may use, declared by an administrator: a diagram or an agent can
 * name only these.
 *
 * @param servers each server by the name diagrams and agents use
 */
@ConfigurationProperties("bpmn-agents.mcp")
public record McpProperties(Map<String, Server> servers) {

	public McpProperties {
		servers = (servers != null) ? Map.copyOf(servers) : Map.of();
		servers.forEach((name, server) -> {
			if ((server.command() == null) == (server.url() == null)) {
				throw new IllegalArgumentException("bpmn-agents.mcp.servers." + name
						+ " needs either 'command' (a server over stdio) or 'url' (a server over Streamable HTTP)");
			}
		});
	}

	/**
	 * One MCP server.
	 *
	 * @param command the program of a server over stdio
	 * @param args its arguments
	 * @param env its environment besides the app's (secrets from the app's environment
	 * with {@code ${VAR}})
	 * @param url the endpoint of a server over Streamable HTTP
	 * @param headers headers sent with each request to it (e.g. {@code Authorization})
	 * @param timeout the longest a call (and the connection) may take: a server that is
	 * slower gives the model an error result, never a hung worker
	 * @param approveTools which calls of this server's tools wait for a person's
	 * approval, whoever makes them ({@code approve-tools}: the rules of an agent task's
	 * {@code approveTools}, by the tool's name on the server or as the model sees it;
	 * {@code *} for every tool of this server)
	 */
	public record Server(String command, List<String> args, Map<String, String> env, String url,
			Map<String, String> headers, @DefaultValue("30s") Duration timeout, List<String> approveTools) {

		public Server {
			approveTools = (approveTools != null) ? List.copyOf(approveTools) : List.of();
			args = (args != null) ? List.copyOf(args) : List.of();
			env = (env != null) ? Map.copyOf(env) : Map.of();
			headers = (headers != null) ? Map.copyOf(headers) : Map.of();
			timeout = (timeout != null) ? timeout : Duration.ofSeconds(30);
		}

	}

}
