package io.bpmnagents.agent;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.transcript.ArgumentsHash;
import io.bpmnagents.transcript.ToolCallApproval;
import io.bpmnagents.transcript.ToolCallEntry;
import io.bpmnagents.transcript.ToolCallStore;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * Stops a tool call that needs a person's approval ({@code approveTools} of the task,
 * {@code approve-tools} of the agent, of every tool or of an MCP server, see
 * {@link ToolApprovalScopes}) until a decision is recorded with it, then lets it through
 * with exactly the arguments approved, or turns it into the rejection the model reads.
 * The decision is read from the call's record (written when the approval task completed,
 * by {@code approval}), never from a process variable; the decision handed back to the
 * task must name the same arguments, or the call is refused.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ToolApprovalGate {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final ToolCallStore toolCalls;

	private final ToolApprovalScopes scopes;

	/** What becomes of a call that needs approval. */
	sealed interface Gate permits Wait, Approved, Decided {

	}

	/** No decision yet: hand the call out as an approval and wait. */
	record Wait() implements Gate {
	}

	/** Approved: make the call with these arguments. */
	record Approved(String arguments) implements Gate {
	}

	/** Not to be made: the model reads this result or error instead. */
	record Decided(String result, String error) implements Gate {
	}

	/**
	 * @return null when the call needs no approval
	 */
	Gate check(AgentDefinition agent, ToolCallEntry call, ExternalTools external) {
		ToolCallApproval approval = call.approval();
		Optional<String> requiredBy = (approval != null) ? Optional.of("recorded with the call")
				: requiredBy(agent, call, external);
		if (requiredBy.isEmpty()) {
			return null;
		}
		if (!external.canWait()) {
			throw new ToolLoopException("Agent '" + agent.name() + "' asked for tool '" + call.tool()
					+ "', which needs a person's approval (" + requiredBy.get() + "), but the task "
					+ "cannot wait for one: set the task's 'approveTools' property and draw the tool loop behind it "
					+ "(a 'Tools requested?' gateway and the 'Tool processes' call activity), then retry.");
		}
		String handedBack = external.results().get(ExternalTools.approvalKey(call.id()));
		if (approval == null || !approval.decided()) {
			if (handedBack != null) {
				return new Decided(null,
						"The approval of this call ended without a recorded decision, " + "so the call was not made.");
			}
			this.toolCalls.awaitsApproval(call.id(), ArgumentsHash.of(call.arguments()), Instant.now());
			return new Wait();
		}
		if (ToolCallApproval.REJECTED.equals(approval.status())) {
			String reason = (approval.reason() != null && !approval.reason().isBlank()) ? approval.reason()
					: "no reason given";
			return new Decided("rejected: " + reason, null);
		}
		String approvedHash = ArgumentsHash.of(approval.arguments());
		String returned = (handedBack != null) ? argumentsIn(handedBack) : null;
		if (!approvedHash.equals(approval.approvedHash())
				|| (returned != null && !ArgumentsHash.of(returned).equals(approvedHash))) {
			return new Decided(null, "The arguments were changed after " + approval.decidedBy()
					+ " approved them, so the call was not made. Ask again if it is still needed.");
		}
		return new Approved(approval.arguments());
	}

	/**
	 * Which rule makes the call wait, if any: a call waits when a rule of any scope
	 * matches it (task, agent, tool, MCP server).
	 */
	private Optional<String> requiredBy(AgentDefinition agent, ToolCallEntry call, ExternalTools external) {
		if (ToolApprovalRule.anyApplies(external.approvals(), call.tool(), call.arguments())) {
			return Optional.of("the task's approveTools");
		}
		if (ToolApprovalRule.anyApplies(agent.approveTools(), call.tool(), call.arguments())) {
			return Optional.of("agents." + agent.name() + ".approve-tools");
		}
		return this.scopes.requiring(call.tool(), call.arguments());
	}

	/** The arguments named by the decision handed back, or null. */
	private static String argumentsIn(String decision) {
		try {
			JsonNode arguments = JSON.readTree(decision).get("arguments");
			return (arguments == null || arguments.isNull()) ? null
					: arguments.isTextual() ? arguments.asText() : arguments.toString();
		}
		catch (JsonProcessingException ex) {
			return decision;
		}
	}

}
