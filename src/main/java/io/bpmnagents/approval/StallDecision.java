package io.bpmnagents.approval;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.bpmnagents.process.Variable;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.variable.type.ValueType;

/**
 * A person decides how stalled agents go on: the user task that a pattern reaches when an
 * agent raises {@code AGENT_STALLED} (a conversation's turn or a group's iteration that
 * stalled, or the "pause and ask" event subprocess of a paused agent task), in a shipped
 * pattern or a modeller's own flow alike: it is known by its form ({@link #isDecision}).
 * Offered to the approvers like a result approval ({@link ApprovalRules}); a completion
 * carries {@code stallDecision} ({@code continue}, {@code stop} or {@code instruct}) and
 * {@code stallInstruction} only ({@link DecisionOnlyCommands}), so nobody rewrites the
 * conversation or the ideas while deciding. Who decided is kept in
 * {@code stallDecidedBy}: an instruction reaches the agents in their name.
 */
final class StallDecision {

	/**
	 * The form a decision on a stall is taken with (processes/conversation-stalled.form).
	 */
	static final String FORM = "conversation-stalled";

	/**
	 * The decision's task in the shipped patterns: in a conversation or iteration that
	 * stalled, or in the "pause and ask" event subprocess (the collaborative group has
	 * both, so its process-level one has an id of its own). A modeller's own flow may
	 * name its task as it likes; replays look its tasks up by these ids and the task's
	 * own.
	 */
	static final Set<String> TASKS = Set.of("UserTask_DecideOnStall", "UserTask_DecideOnPausedAgent");

	static final Variable<String> DECISION_VARIABLE = Variable.word("stallDecision");

	static final Variable<String> INSTRUCTION = Variable.text("stallInstruction");

	static final Variable<String> DECIDED_BY = Variable.word("stallDecidedBy");

	static final Set<String> DECISION = Set.of(DECISION_VARIABLE.name(), INSTRUCTION.name());

	static final String INSTRUCT = "instruct";

	private static final Set<String> CHOICES = Set.of("continue", "stop", INSTRUCT);

	private StallDecision() {
	}

	/**
	 * Whether a user task is a decision on a stall, by what the deployed model says: it
	 * shows the decision's form ({@code camunda:formRef="conversation-stalled"}, or the
	 * form key {@code camunda-forms:…:conversation-stalled.form}), whatever the process
	 * and the task are called, so a modeller's own flow is decided under the same rules
	 * as a shipped pattern. Read from the parsed definition: no query.
	 */
	static boolean isDecision(TaskDefinition task) {
		if (task == null) {
			return false;
		}
		Expression formRef = task.getCamundaFormDefinitionKey();
		Expression formKey = task.getFormKey();
		return (formRef != null && FORM.equals(formRef.getExpressionText().strip()))
				|| (formKey != null && formKey.getExpressionText().strip().endsWith(":" + FORM + ".form"));
	}

	/**
	 * Checks a completion's variables: the decision fields only, {@code stallDecision}
	 * one of the three choices, and an instruction (a text, at most as long as an
	 * approval's comment) when the choice is {@code instruct}.
	 * @param asFormError whether a wrong value is answered as a form field error (400)
	 */
	static void checkDecision(String taskId, String user, Map<String, Object> variables, boolean asFormError) {
		Map<String, Object> given = (variables != null) ? variables : Map.of();
		DecisionOnlyCommands.onlyFields(given, DECISION, user, "on stalled conversation task '" + taskId + "'",
				String.join(" and ", new TreeSet<>(DECISION)) + " only.");
		String decision = DECISION_VARIABLE.name();
		if (!(ToolApproval.plain(given.get(decision)) instanceof String choice) || !CHOICES.contains(choice)) {
			throw DecisionOnlyCommands.invalid(asFormError, decision, "'" + decision
					+ "' must be 'continue' (the agents go on), 'stop' (the run ends, status STOPPED, with what it "
					+ "has) or 'instruct' (the agents see your 'stallInstruction', then go on).");
		}
		String instruction = INSTRUCTION.name();
		if (!DecisionOnlyCommands.holds(given.get(instruction), ValueType.STRING, String.class)) {
			throw DecisionOnlyCommands.invalid(asFormError, instruction, "'" + instruction + "' must be a String.");
		}
		Object text = ToolApproval.plain(given.get(instruction));
		if (INSTRUCT.equals(choice) && (!(text instanceof String words) || words.isBlank())) {
			throw DecisionOnlyCommands.invalid(asFormError, instruction,
					"'" + instruction + "' is required with 'instruct': what the agents should be told.");
		}
		DecisionOnlyCommands.notTooLong(text, instruction, asFormError);
	}

	/**
	 * Keeps who decided on the run, for the instruction's sender: the person, or for a
	 * replay's task the original's decider it names; the engine's own code (no person) is
	 * named as the approvers' group.
	 */
	static void recordDecider(DelegateTask task, Authentication person, String group) {
		Object replayed = task.getVariableLocal(ResultApproval.DECIDED_BY.name());
		String decider = (person != null && person.getUserId() != null) ? person.getUserId()
				: (replayed != null) ? replayed.toString() : group;
		task.getExecution().setVariable(DECIDED_BY.name(), DECIDED_BY.typed(decider));
	}

}
