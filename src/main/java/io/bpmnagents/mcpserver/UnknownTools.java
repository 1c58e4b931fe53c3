package io.bpmnagents.mcpserver;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmnagents.security.BufferedBodyRequest;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A call of a tool the server does not have (a process that was never deployed, a typo)
 * is a refusal like the others: a tool error result that names the field, as the runs
 * API's 400 does. The SDK answers such a call with the protocol's own error and offers no
 * hook for it, so this filter, behind the security filters, hands the call to a hidden
 * tool ({@link #NAME}, never listed) with the name that was asked for; the SDK still does
 * all of the protocol.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class UnknownTools extends OncePerRequestFilter {

	/**
	 * The hidden tool; no process with this key is offered ({@link ProcessToolCatalog}).
	 */
	static final String NAME = "bpmn-agents.unknown-tool";

	private static final String ASKED = "name";

	private final ObjectMapper json;

	/**
	 * Whether the server has a tool of that name, brought in line with the deployments
	 * first.
	 */
	private final Predicate<String> known;

	/** The hidden tool that answers calls of unknown tools. */
	static SyncToolSpecification tool() {
		Tool tool = Tool.builder()
			.name(NAME)
			.description("Answers the call of a tool this server does not have.")
			.inputSchema(Map.of("type", "object"))
			.build();
		return new SyncToolSpecification(tool, (exchange, request) -> {
			Object asked = (request.arguments() != null) ? request.arguments().get(ASKED) : null;
			return RunAnswers.refused(ASKED, "there is no tool '" + asked + "': it is neither a process you may start "
					+ "nor get_run, list_runs or stop_run. tools/list shows the tools you may call.");
		});
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] body = request.getInputStream().readAllBytes();
		JsonNode message;
		try {
			message = this.json.readTree(body);
		}
		catch (IOException ex) {
			// Not JSON: the SDK answers the parse error.
			chain.doFilter(new BufferedBodyRequest(request, body), response);
			return;
		}
		boolean changed = false;
		for (JsonNode one : (message != null && message.isArray()) ? message : Collections.singletonList(message)) {
			changed |= redirect(one);
		}
		chain.doFilter(new BufferedBodyRequest(request, changed ? this.json.writeValueAsBytes(message) : body),
				response);
	}

	/** Points a call of an unknown tool at the hidden one; whether it did. */
	private boolean redirect(JsonNode message) {
		if (message == null || !"tools/call".equals(message.path("method").asText())
				|| !(message.path("params") instanceof ObjectNode params)) {
			return false;
		}
		JsonNode name = params.get(ASKED);
		if (name == null || !name.isTextual() || NAME.equals(name.asText()) || this.known.test(name.asText())) {
			return false;
		}
		params.put(ASKED, NAME);
		params.set("arguments", this.json.createObjectNode().set(ASKED, name));
		return true;
	}

}
