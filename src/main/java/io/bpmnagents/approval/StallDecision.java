package io.bpmnagents.approval;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.bpmnagents.process.Variable;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.variable.type.ValueType;

/**
 * A person decides how stalled agents go on: the user task that a shipped pattern reaches
 * when an agent raises {@code AGENT_STALLED} (a conversation's turn or a group's
 * iteration that stalled, or the "pause and ask" event subprocess of a paused agent
 * task). Offered to the approvers like a result approval ({@link ApprovalRules}); a
 * completion carries {@code stallDecision} ({@code continue}, {@code stop} or
 * {@code instruct}) and {@code stallInstruction} only ({@link DecisionOnlyCommands}), so
 * nobody rewrites the conversation or the ideas while deciding. Who decided is kept in
 * {@code stallDecidedBy}: an instruction reaches the agents in their name.
 */
final class StallDecision {

	/** The shipped patterns whose stalls a person decides. */
	static final Set<String> PROCESSES = Set.of("round-robin-conversation", "selector-group-chat",
			"collaborative-group", "sequential-pipeline", "parallel-fanout", "routing", "debate",
			"hierarchical-delegation", "evaluator-optimizer");

	/**
	 * The decision's task: in a conversation or iteration that stalled, or in the "pause
	 * and ask" event subprocess (the collaborative group has both, so its process-level
	 * one has an id of its own).
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
