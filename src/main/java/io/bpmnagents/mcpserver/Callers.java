package io.bpmnagents.mcpserver;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.modelcontextprotocol.common.McpTransportContext;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Who calls {@code /mcp}. The SDK may handle a request on a thread of its own, where
 * neither Spring Security's context nor the engine's identity of the HTTP request is set,
 * so the person the security filters authenticated is read on the request's thread into
 * the MCP transport context, and set for the engine again around each operation: the
 * engine's authorization checks and the run's start user are then the caller's.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class Callers {

	private static final String USER = "bpmn-agents.user";

	private static final String GROUPS = "bpmn-agents.groups";

	private final IdentityService identity;

	/** The person of the current HTTP request (set by the security filters). */
	McpTransportContext current() {
		Authentication person = this.identity.getCurrentAuthentication();
		if (person == null || person.getUserId() == null) {
			return McpTransportContext.EMPTY;
		}
		List<String> groups = (person.getGroupIds() != null) ? List.copyOf(person.getGroupIds()) : List.of();
		return McpTransportContext.create(Map.of(USER, person.getUserId(), GROUPS, groups));
	}

	/** The caller's user id, or {@code null} for a request nobody logged in to. */
	static String userOrNull(McpTransportContext context) {
		return (String) context.get(USER);
	}

	static String user(McpTransportContext context) {
		String user = userOrNull(context);
		if (user == null) {
			// The security filters let no request without a login through to /mcp.
			throw new IllegalStateException("An MCP request reached the server without a caller");
		}
		return user;
	}

	/** Does the work as the caller, for the engine. */
	@SuppressWarnings("unchecked")
	<T> T as(McpTransportContext context, Supplier<T> work) {
		Authentication before = this.identity.getCurrentAuthentication();
		this.identity.setAuthentication(user(context), (List<String>) context.get(GROUPS));
		try {
			return work.get();
		}
		finally {
			if (before != null) {
				this.identity.setAuthentication(before);
			}
			else {
				this.identity.clearAuthentication();
			}
		}
	}

}
