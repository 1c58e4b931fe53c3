package io.bpmnagents.approval;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.bpmnagents.process.Variable;
import io.bpmnagents.transcript.ToolCallApproval;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * A person approves one tool call: the {@code tool-approval} process
 * (processes/tool-approval.bpmn), which an agent task with {@code approveTools} runs in
 * place of a call that needs approval. Its inputs name the call ({@code toolCall}), the
 * tool, the agent, the model's arguments and their hash; a completion of its task carries
 * {@code decision}, {@code reason} and {@code arguments} only, and is recorded with the
 * call when the process ends ({@link ToolApprovalDecisions}).
 */
final class ToolApproval {

	static final String KEY = "tool-approval";

	/** The task offered to the approvers. */
	static final String DECIDE_TASK = "UserTask_DecideToolCall";

	/** The same decision, offered to the escalation group after the deadline. */
	static final String ESCALATED_TASK = "UserTask_DecideEscalated";

	static final Set<String> TASKS = Set.of(DECIDE_TASK, ESCALATED_TASK);

	/** The tool call's id in the {@code tool_call} table. */
	static final Variable<String> TOOL_CALL = Variable.word("toolCall");

	static final Variable<String> TOOL = Variable.word("tool");

	static final Variable<String> AGENT = Variable.word("agent");

	/** The model's arguments (an input), or those the person approved (an output). */
	static final Variable<String> ARGUMENTS = Variable.text("arguments");

	/** The hash of the model's arguments, as the agent task handed them out. */
	static final Variable<String> ARGUMENTS_HASH = Variable.word("argumentsHash");

	/** {@code approve} or {@code reject}. */
	static final Variable<String> DECISION_VARIABLE = Variable.word("decision");

	static final Variable<String> REASON = Variable.word("reason");

	/** What a completion carries (DESIGN.md, Control). */
	static final Set<String> DECISION = Set.of(DECISION_VARIABLE.name(), REASON.name(), ARGUMENTS.name());

	/** The reason given when the deadline passes without a decision. */
	static final String DEADLINE_REASON = "no decision before the deadline";

	private ToolApproval() {
	}

	/**
	 * Checks a completion's variables: the decision fields only, {@code decision} one of
	 * {@code approve}, {@code reject}; {@code reason} and {@code arguments} texts (the
	 * arguments' content is checked against the tool's schema when the task completes).
	 * @param asFormError whether a wrong value is answered as a form field error (400)
	 */
	static void checkDecision(String taskId, String user, Map<String, Object> variables, boolean asFormError) {
		Map<String, Object> given = (variables != null) ? variables : Map.of();
		DecisionOnlyCommands.onlyFields(given, DECISION, user, "tool approval task '" + taskId + "'",
				String.join(", ", new TreeSet<>(DECISION)) + " only.");
		Object decision = plain(given.get(DECISION_VARIABLE.name()));
		if (!ToolCallApproval.APPROVE.equals(decision) && !ToolCallApproval.REJECT.equals(decision)) {
			throw DecisionOnlyCommands.invalid(asFormError, DECISION_VARIABLE.name(),
					"'decision' must be 'approve' (the tool runs with the arguments shown, or those you give in "
							+ "'arguments') or 'reject' (the agent is told your reason).");
		}
		for (String text : new String[] { REASON.name(), ARGUMENTS.name() }) {
			if (!DecisionOnlyCommands.holds(given.get(text), ValueType.STRING, String.class)) {
				throw DecisionOnlyCommands.invalid(asFormError, text, "'" + text + "' must be a String.");
			}
		}
		DecisionOnlyCommands.notTooLong(given.get(REASON.name()), REASON.name(), asFormError);
	}

	static Object plain(Object value) {
		return (value instanceof TypedValue typed) ? typed.getValue() : value;
	}

}
