package io.bpmnagents.agent;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import dev.langchain4j.agent.tool.ToolSpecification;

/**
 * Tools that the caller runs itself rather than the agent service, such as processes the
 * engine runs as called processes: when the model asks for one, the loop stops and hands
 * the calls back ({@link AgentOutcome.ToolsRequested}); the caller brings the results
 * when it asks again.
 *
 * @param specifications what the model is told of these tools
 * @param results the results of earlier requested calls, by tool call id
 * @param lockedTaskId the external task the caller holds now; answers are recorded only
 * while it holds it (the loop's key may name an earlier task of the same loop)
 * @param refusal why the caller could not run a call (tool, arguments), or empty: such a
 * call goes back to the model as an error result instead of being handed out
 * @param approvals the task's rules of which calls wait for a person's approval
 * ({@code approveTools}); such calls are handed out as approvals
 * ({@link AgentOutcome.ToolCall#approval()}), whose decisions come back under
 * {@link #approvalKey(String)} in {@code results}
 */
public record ExternalTools(List<ToolSpecification> specifications, Map<String, String> results, String lockedTaskId,
		BiFunction<String, String, Optional<String>> refusal, List<ToolApprovalRule> approvals) {

	public static final ExternalTools NONE = new ExternalTools(List.of(), Map.of(), null);

	public ExternalTools {
		specifications = List.copyOf(specifications);
		results = Map.copyOf(results);
		refusal = (refusal != null) ? refusal : (tool, arguments) -> Optional.empty();
		approvals = (approvals != null) ? List.copyOf(approvals) : List.of();
	}

	public ExternalTools(List<ToolSpecification> specifications, Map<String, String> results, String lockedTaskId,
			BiFunction<String, String, Optional<String>> refusal) {
		this(specifications, results, lockedTaskId, refusal, List.of());
	}

	/** The key in {@code results} of the decision on the approval of a tool call. */
	public static String approvalKey(String toolCallId) {
		return "approval:" + toolCallId;
	}

	/**
	 * Whether the caller can hand out calls and ask again, and so wait for a person's
	 * approval: only a task drawn with the tool loop can.
	 */
	boolean canWait() {
		return this.lockedTaskId != null;
	}

	public ExternalTools(List<ToolSpecification> specifications, Map<String, String> results, String lockedTaskId) {
		this(specifications, results, lockedTaskId, null);
	}

	boolean offers(String tool) {
		return this.specifications.stream().anyMatch((specification) -> specification.name().equals(tool));
	}

}
